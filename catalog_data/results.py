"""Demo step: the programme and its result indicators.

The key results come from the programme overview (shared seed): 1,830 teaching aids and
20,000 didactic units are its own figures. The other targets are illustrative, for the demo
only, and say so in their names' absence of a source: a deployment sets its own in the admin.
"""

from datetime import date

from inventory.models import Area
from logistics.models import Indicator, Programme, RegionTarget

from .places import KARAGANDA_REGION

PROGRAMME = {
    "code": "8709-kz-qcbs-12",
    "name_en": "Development of an Inclusive Education Model in the Republic of Kazakhstan (QCBS-12)",
    "name_ru": "Разработка модели инклюзивного образования в Республике Казахстан (QCBS-12)",
    "name_kk": "Қазақстан Республикасында инклюзивті білім беру моделін әзірлеу (QCBS-12)",
    "funder_reference": "World Bank 8709-KZ",
    "iati_identifier": "XM-DAC-44000-P162011",  # illustrative
    "starts": date(2024, 7, 1),
    "ends": date(2026, 12, 31),
}

INDICATORS = [  # code (= definition), baseline, target, English, Russian, Kazakh
    ("teaching_aids_delivered", 0, 1830, "Teaching aids delivered", "Поставлено учебных пособий",
     "Жеткізілген оқу құралдары"),
    ("didactic_units_delivered", 0, 20000, "Didactic units delivered", "Поставлено дидактических единиц",
     "Жеткізілген дидактикалық бірліктер"),
    ("universities_equipped", 0, 5, "Universities with an equipped inclusion classroom",
     "Вузы с оснащённым кабинетом инклюзии", "Инклюзия кабинеті жабдықталған жоғары оқу орындары"),
    ("equipment_sets_delivered", 0, 400, "Sets of computer and auxiliary equipment delivered",
     "Поставлено комплектов компьютерного и вспомогательного оборудования",
     "Жеткізілген компьютерлік және қосалқы жабдық жиынтықтары"),
    ("furniture_installed", 0, 300, "Sets of specialised furniture installed",
     "Установлено комплектов специализированной мебели", "Орнатылған арнайы жиһаз жиынтықтары"),
    ("institutions_reached", 0, 100, "Share of institutions reached, %", "Доля охваченных организаций, %",
     "Қамтылған ұйымдардың үлесі, %"),
    ("units_with_signed_act", 0, 100, "Share of units accepted with a signed act, %",
     "Доля единиц, принятых по подписанному акту, %", "Қол қойылған актімен қабылданған бірліктер үлесі, %"),
    ("median_days_to_receipt", 30, 14, "Median days from dispatch to receipt",
     "Медиана дней от отгрузки до приёмки", "Жөнелтуден қабылдауға дейінгі күндер медианасы"),
    ("discrepancy_rate", 5, 2, "Discrepancy rate, %", "Доля расхождений, %", "Сәйкессіздіктер үлесі, %"),
    ("verified_on_site", 0, 100, "Share verified on site, %", "Доля проверенных на месте, %",
     "Орнында тексерілгендер үлесі, %"),
    ("in_use", 0, 90, "Share in use, %", "Доля используемых, %", "Пайдаланылатындар үлесі, %"),
]

# Illustrative: the Karaganda region's part of the national targets.
REGION_TARGETS = {"teaching_aids_delivered": 300, "didactic_units_delivered": 2500}


def load():
    code = PROGRAMME["code"]
    programme, _ = Programme.objects.update_or_create(code=code, defaults=PROGRAMME)
    for position, (key, baseline, target, en, ru, kk) in enumerate(INDICATORS):
        Indicator.objects.update_or_create(programme=programme, code=key, defaults={
            "definition": key, "baseline": baseline, "target": target, "position": position,
            "name_en": en, "name_ru": ru, "name_kk": kk})
    region = Area.objects.get(code=KARAGANDA_REGION)
    for key, target in REGION_TARGETS.items():
        RegionTarget.objects.update_or_create(indicator=programme.indicators.get(code=key), region=region,
                                              defaults={"target": target})
    return f"1 programme, {len(INDICATORS)} indicators"
