"""Fixed vocabularies of the programme, in its three languages. Loaded by a data migration,
so every database, the tests' included, has them."""

SPHERES = [  # code, English, Russian, Kazakh
    ("cognitive", "Cognitive", "Познавательная", "Танымдық"),
    ("speech", "Speech", "Речевая", "Сөйлеу"),
    ("social_emotional", "Social-emotional", "Социально-эмоциональная", "Әлеуметтік-эмоционалдық"),
    ("sensory", "Sensory", "Сенсорная", "Сенсорлық"),
    ("daily_living", "Daily living", "Бытовая (навыки самообслуживания)", "Тұрмыстық (өзіне-өзі қызмет ету)"),
    ("physical", "Physical", "Физическая", "Физикалық"),
]

NEEDS = [
    ("developmental_delay", "Developmental delay of psychological and cognitive functions",
     "Задержка психического развития", "Психикалық дамуының тежелуі"),
    ("intellectual_disability", "Mild and moderate intellectual disability",
     "Лёгкие и умеренные нарушения интеллекта", "Зияттың жеңіл және орташа бұзылыстары"),
    ("hearing", "Hearing impairment", "Нарушения слуха", "Есту қабілетінің бұзылуы"),
    ("vision", "Visual impairment", "Нарушения зрения", "Көру қабілетінің бұзылуы"),
    ("mobility", "Mobility impairment", "Нарушения опорно-двигательного аппарата",
     "Тірек-қимыл аппаратының бұзылуы"),
    ("speech", "Speech disorder", "Нарушения речи", "Сөйлеу тілінің бұзылуы"),
    ("autism", "Autism spectrum disorder", "Расстройства аутистического спектра", "Аутистік спектр бұзылыстары"),
]


def load(apps, schema_editor=None):
    """Write the spheres and categories of need; the initial migration runs it, and so may a test after a flush."""
    for model_name, rows in (("DevelopmentSphere", SPHERES), ("NeedCategory", NEEDS)):
        model = apps.get_model("inventory", model_name)
        for position, (code, en, ru, kk) in enumerate(rows):
            model.objects.update_or_create(
                code=code, defaults={"name_en": en, "name_ru": ru, "name_kk": kk, "position": position})
