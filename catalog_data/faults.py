"""Demo step: how-to guidance and lectures for the demo school's equipment, problems reported from labels
in every triage state, a repair under warranty still with the supplier, a finished one, and written-off
units with their act. Everything goes through the services the screens use; run again, it adds nothing.
"""

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from inventory.models import StatusGroups, Unit
from logistics import acts, faults, write_offs
from logistics.models import AcceptanceAct, FaultReport, RepairOrder, Shipment

from .users import demo_school
from .verification import _signature

F = FaultReport.Status
GUIDANCE = {
    "ru": "Перед занятием проверьте, что устройство заряжено. Начинайте с коротких упражнений (5–10 минут) и "
          "отмечайте в журнале, как ребёнок справляется. После занятия протрите поверхности и уберите на место.",
    "kk": "Сабақ алдында құрылғының зарядталғанын тексеріңіз. Қысқа жаттығулардан (5–10 минут) бастаңыз және "
          "баланың қалай үлгеретінін журналға белгілеңіз. Сабақтан кейін беттерін сүртіп, орнына қойыңыз.",
    "en": "Before a lesson, check that the device is charged. Start with short exercises (5–10 minutes) and note "
          "in the log how the child copes. After the lesson, wipe the surfaces and put it away.",
}
LECTURES = [{"title": "Лекция 12. Вспомогательные технологии на уроке", "url": "https://example.org/lectures/12"},
            {"title": "Лекция 31. Сенсорная комната: с чего начать", "url": "https://example.org/lectures/31"}]
# (kind, text, outcome) for the demo school's units in turn.
REPORTS = [
    ("broken", "Не включается после зарядки, индикатор не горит.", None),
    ("broken", "Экран не работает (то же устройство, сообщили повторно).", F.DUPLICATE),
    ("not_used", "Не используется: нет обученного педагога.", F.NOT_A_FAULT),
    ("broken", "Трещина на корпусе, кнопка питания западает.", F.NEEDS_REPAIR),
    ("missing_parts", "Нет кабеля питания и двух карточек из набора.", F.NEEDS_REPAIR),
    ("broken", "Залито водой, не подлежит восстановлению.", F.WRITE_OFF),
]


def _signed_shipment(school, officer, staff):
    """A closed shipment to the demo school with its signed act: the warranty counts from its date."""
    shipment = (Shipment.objects.filter(destination=school, status__in=[Shipment.Status.RECEIVED,
                                                                      Shipment.Status.CLOSED_WITH_DISCREPANCIES])
                .order_by("pk").first())
    if shipment is None:
        return None
    if not AcceptanceAct.objects.filter(shipment=shipment).exists():
        acts.sign_act(shipment.pk, by=staff, signer_name=staff.get_full_name() or "Директор",
                      signer_position="Директор", signature_png=_signature("staff"),
                      # Signed on paper eleven months and a half ago, so the 12-month warranty on the
                      # repair still at the supplier runs out within the officers' warning days.
                      at=max(shipment.closed_at, timezone.now() - timedelta(days=350)))
    shipment.lines.update(warranty_months=12)
    return shipment


def load():
    if FaultReport.objects.exists():
        return "fault reports exist"
    officer, staff = User.objects.get(username="officer"), User.objects.get(username="staff")
    school = demo_school()
    shipment = _signed_shipment(school, officer, staff)
    signed = set(shipment.units.values_list("pk", flat=True)) if shipment else set()
    # The units the act covers first: the two repairs (the first two units) are under its warranty.
    units = sorted(Unit.objects.filter(holder=school, status__in=StatusGroups.IN_SERVICE).select_related("item"),
                   key=lambda u: (u.pk not in signed, u.pk))[:7]
    if len(units) < 7:
        return "too few units at the demo school for fault reports"
    for item in {u.item for u in units}:
        item.guidance_ru, item.guidance_kk, item.guidance_en = GUIDANCE["ru"], GUIDANCE["kk"], GUIDANCE["en"]
        item.lectures = LECTURES
        item.save(update_fields=["guidance_ru", "guidance_kk", "guidance_en", "lectures"])
    targets = [units[2], units[2], units[3], units[0], units[1], units[4]]
    reports = [faults.file_report(u.asset_tag, kind=kind, text=text, address=f"demo-{n}")
               for n, (u, (kind, text, _)) in enumerate(zip(targets, REPORTS, strict=True))]
    for report, (_, _, outcome) in zip(reports, REPORTS, strict=True):
        if outcome:
            faults.triage(report.pk, outcome, by=officer if outcome != F.NOT_A_FAULT else staff,
                          duplicate_of=reports[0].number if outcome == F.DUPLICATE else None,
                          supplier="ТОО «Сервис-Инклюзия»", note="Демо")
    still_away, finished = RepairOrder.objects.filter(report__in=reports[3:5]).order_by("pk")
    faults.send_for_repair(still_away.pk, by=officer)
    faults.send_for_repair(finished.pk, by=officer)
    faults.return_from_repair(finished.pk, RepairOrder.Outcome.REPAIRED, by=officer)
    write_offs.write_off([units[4].pk], reason="beyond_repair", document_number="Приказ № 41-ОД", by=officer)
    write_offs.write_off([units[5].pk, units[6].pk], reason="lost", document_number="Приказ № 42-ОД", by=officer,
                         note="Утеряны при переезде класса")
    return "6 fault reports (every triage state), 2 repairs, 2 write-off acts"
