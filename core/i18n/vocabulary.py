"""Names of the ids a person reads beside records: sectors, colour codes, team roles."""

MESSAGES: dict[str, tuple[str, str]] = {
    # sectors (行业): the ids used by the built-in packs, the demo and common rosters; a sector
    # not listed here is shown as it was entered
    "sector.chemicals": ("危险化学品", "hazardous chemicals"),
    "sector.industry_trade": ("工贸", "industry and trade"),
    "sector.metallurgy": ("冶金", "metallurgy"),
    "sector.nonferrous": ("有色", "non-ferrous metals"),
    "sector.building_materials": ("建材", "building materials"),
    "sector.machinery": ("机械", "machinery"),
    "sector.light_industry": ("轻工", "light industry"),
    "sector.textile": ("纺织", "textiles"),
    "sector.tobacco": ("烟草", "tobacco"),
    "sector.trade": ("商贸", "trade"),
    "sector.retail": ("商贸零售", "retail"),
    "sector.food": ("食品", "food"),
    "sector.mining": ("非煤矿山", "metal and non-metal mining"),
    "sector.coal": ("煤矿", "coal mining"),
    "sector.fire": ("消防", "fire safety"),
    "sector.fireworks": ("烟花爆竹", "fireworks"),
    "sector.dust": ("粉尘涉爆", "combustible dust"),
    "sector.ammonia": ("涉氨制冷", "ammonia refrigeration"),
    "sector.confined_spaces": ("有限空间", "confined spaces"),
    # colour codes (智管码)
    "colour.green": ("绿码", "green"),
    "colour.blue": ("蓝码", "blue"),
    "colour.yellow": ("黄码", "yellow"),
    "colour.red": ("红码", "red"),
    # a campaign team's roles
    "team.lead": ("组长", "lead"),
    "team.inspector": ("检查人员", "inspector"),
    "team.expert": ("外部专家", "outside expert"),
    # why an enterprise of the sector makes no self-inspection
    "exemption.reason.closed": ("已关闭或停产", "closed"),
    "exemption.reason.not_in_scope": ("不在检查范围", "not in scope"),
}
