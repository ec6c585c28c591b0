"""Read models: what services return and front ends and workbooks consume.

Frozen, typed views of stored records (an enterprise, a campaign, an inspection with its
determinations as :class:`~core.engine.determination.Determination` objects, a hazard, the
statistics) and the reports built from them. No front end indexes JSON or touches a table row;
``model_dump(mode="json")`` (or ``as_json()`` where the shape of ``--json`` output is fixed)
gives what ``--json`` prints. Views know nothing of the database: services build them.
"""
