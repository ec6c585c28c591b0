"""Enforcement documents (执法文书): their text composed from the record under an edition's
template and the legal-basis table (:mod:`core.documents.compose`), and written as Word files
and PDF (:mod:`core.documents.docx`). Pure composition and I/O: the services read the record,
check who may issue and number and freeze what is issued."""
