"""The Karaganda region's 34 special education organisations (January 2024), as the demo places them.

The study gives the totals and the pattern, not the addresses: 34 organisations, in 5 of the 6
cities of regional subordination and in only 3 of the 7 district centres; 10 special schools
covering 6 categories (developmental delay 1, intellectual disability 5, hearing 1, vision 1,
speech 1, mobility 1). Our placement, chosen to be plausible, not taken from a register:
- Priozersk, a small closed town on Lake Balkhash, is the city without one;
- the district centres with one are Abay, Botakara (Bukhar-Zhyrau) and Karkaralinsk — the two
  closest to Karaganda and the old district town; Aktogay, Nura, Osakarovka and Aksu-Ayuly have none;
- most of them, and 8 of the 10 special schools, are in Karaganda itself.
"""

KARAGANDA, TEMIRTAU, BALKHASH, SARAN, SHAKHTINSK = "351000000", "352400000", "351600000", "352200000", "352800000"
ABAY, BUKHAR_ZHYRAU, KARKARALY = "353200000", "354000000", "354800000"

# Special schools: area, number, the need served, and the school's name in en / ru / kk.
_ID = ("Special boarding school No. {n} for children with intellectual disabilities",
       "Специальная школа-интернат № {n} для детей с нарушениями интеллекта",
       "Зияты бұзылған балаларға арналған № {n} арнайы мектеп-интернат")
SPECIAL_SCHOOLS = [
    (KARAGANDA, 1, "intellectual_disability", _ID),
    (KARAGANDA, 2, "intellectual_disability", _ID),
    (KARAGANDA, 3, "hearing", ("Special boarding school No. {n} for deaf and hard-of-hearing children",
                               "Специальная школа-интернат № {n} для глухих и слабослышащих детей",
                               "Естімейтін және нашар еститін балаларға арналған № {n} арнайы мектеп-интернат")),
    (KARAGANDA, 4, "intellectual_disability", _ID),
    (KARAGANDA, 5, "vision", ("Special boarding school No. {n} for blind and low-vision children",
                              "Специальная школа-интернат № {n} для слепых и слабовидящих детей",
                              "Зағип және нашар көретін балаларға арналған № {n} арнайы мектеп-интернат")),
    (KARAGANDA, 6, "speech", ("Special school No. {n} for children with severe speech disorders",
                              "Специальная школа № {n} для детей с тяжёлыми нарушениями речи",
                              "Сөйлеу тілі ауыр бұзылған балаларға арналған № {n} арнайы мектеп")),
    (KARAGANDA, 7, "mobility", ("Special boarding school No. {n} for children with mobility impairments",
                                "Специальная школа-интернат № {n} для детей с нарушениями опорно-двигательного "
                                "аппарата",
                                "Тірек-қимыл аппараты бұзылған балаларға арналған № {n} арнайы мектеп-интернат")),
    (KARAGANDA, 8, "developmental_delay", ("Special school No. {n} for children with developmental delay",
                                           "Специальная школа № {n} для детей с задержкой психического развития",
                                           "Психикалық дамуы тежелген балаларға арналған № {n} арнайы мектеп")),
    (TEMIRTAU, 9, "intellectual_disability", _ID),
    (BALKHASH, 10, "intellectual_disability", _ID),
]

# The other special organisations: kind -> [(area, how many)], numbered per kind and place.
OTHERS = {
    "pmpc": [(KARAGANDA, 3), (TEMIRTAU, 1), (BALKHASH, 1), (SARAN, 1), (SHAKHTINSK, 1), (KARKARALY, 1)],
    "oppc": [(KARAGANDA, 4), (TEMIRTAU, 2), (BALKHASH, 1), (SARAN, 1), (SHAKHTINSK, 1), (ABAY, 1),
             (BUKHAR_ZHYRAU, 1), (KARKARALY, 1)],
    "rehab_centre": [(KARAGANDA, 2), (TEMIRTAU, 1)],
    "autism_centre": [(KARAGANDA, 1)],
}

OTHER_NAMES = {  # {n}: number within the place; {place}: the settlement in the name's language
    "pmpc": ("Psychological-medical-pedagogical consultation No. {n}, {place}",
             "Психолого-медико-педагогическая консультация № {n}, {place}",
             "№ {n} психологиялық-медициналық-педагогикалық консультация, {place}"),
    "oppc": ("Office of psychological-pedagogical correction No. {n}, {place}",
             "Кабинет психолого-педагогической коррекции № {n}, {place}",
             "№ {n} психологиялық-педагогикалық түзету кабинеті, {place}"),
    "rehab_centre": ("Children's rehabilitation centre No. {n}, {place}",
                     "Детский реабилитационный центр № {n}, {place}",
                     "№ {n} балаларды оңалту орталығы, {place}"),
    "autism_centre": ("Support centre for children with autism, {place}",
                      "Центр поддержки детей с аутизмом, {place}",
                      "Аутизмі бар балаларды қолдау орталығы, {place}"),
}

OTHER_NEEDS = {
    "pmpc": "*", "oppc": "*",
    "rehab_centre": ["mobility", "intellectual_disability", "autism", "developmental_delay"],
    "autism_centre": ["autism"],
}
