"""The columns of a delivery list: what each holds, how suppliers head it, how its cells are read.

One table serves every other part: `headers.py` recognises a column by its spellings, `plan.py`
reads its cells with its parser, `messages.py` names it in a message, and `template.py` writes the
template's header from its three-language title, so a header we print is always one we recognise.
"""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from .values import as_text, parse_bin, parse_date, parse_quantity


class Field(NamedTuple):
    label: object  # a lazy translation: the column's name in a message
    title: str  # Russian / Kazakh / English, as the downloadable template heads the column
    width: int  # the template's column width, in characters
    parse: object  # cell → value, or raises values.BadValue
    spellings: tuple  # headers suppliers write, already folded (see headers.fold)


FIELDS = {
    "waybill": Field(_("waybill number"), "№ накладной / Жүкқұжат № / Waybill No.", 18, as_text, (
        "накладная", "накладной", "номер накладной", "накладная номер", "товарная накладная", "ттн",
        "номер ттн", "жүкқұжат", "жүкқұжат нөмірі", "жук кужат", "жүкқұжаттың нөмірі", "waybill",
        "waybill number", "waybill no", "delivery note", "delivery note number")),
    "supplier": Field(_("supplier"), "Поставщик / Жеткізуші / Supplier", 26, as_text, (
        "поставщик", "наименование поставщика", "поставщик тоо", "жеткізуші", "жеткізушінің атауы",
        "supplier", "supplier name", "vendor")),
    "contract": Field(_("contract / lot"), "Договор, лот / Шарт, лот / Contract, lot", 20, as_text, (
        "договор", "номер договора", "договор лот", "контракт", "лот", "номер лота", "договор контракт",
        "шарт", "шарт нөмірі", "шарт лот", "келісімшарт", "лот нөмірі", "contract", "contract number",
        "contract lot", "lot", "lot number")),
    "destination_bin": Field(_("recipient's BIN"), "БИН получателя / Алушының БСН / Recipient BIN", 20,
                             parse_bin, (
        "бин", "бин получателя", "бин организации", "бин учреждения", "бин грузополучателя", "бсн",
        "алушының бсн", "алушы бсн", "ұйымның бсн", "bin", "recipient bin", "destination bin",
        "consignee bin", "bin of recipient")),
    # The recipient's and the item's names only suggest a BIN or a code that is missing or unknown.
    "destination_name": Field(_("recipient"), "Получатель / Алушы / Recipient", 32, as_text, (
        "получатель", "грузополучатель", "наименование получателя", "организация", "учреждение",
        "наименование организации", "алушы", "алушының атауы", "ұйым", "ұйымның атауы", "recipient",
        "recipient name", "destination", "consignee", "institution")),
    "item_code": Field(_("item code"), "Код товара / Тауар коды / Item code", 16, as_text, (
        "код", "код товара", "код позиции", "артикул", "код по каталогу", "код оборудования", "тауар коды",
        "коды", "позиция коды", "артикулы", "item code", "code", "sku", "catalogue code", "catalog code",
        "article")),
    "item_name": Field(_("item name"), "Наименование / Атауы / Item name", 32, as_text, (
        "наименование", "наименование товара", "товар", "оборудование", "наименование оборудования", "атауы",
        "тауар атауы", "тауардың атауы", "жабдық", "item", "item name", "name", "description", "equipment")),
    "quantity": Field(_("quantity"), "Кол-во / Саны / Quantity", 12, parse_quantity, (
        "кол во", "количество", "кол", "колво", "к во", "саны", "мөлшері", "qty", "quantity", "count",
        "pcs")),
    "serial": Field(_("serial number"), "Серийный номер / Сериялық нөмір / Serial number", 22, as_text, (
        "серийный номер", "серийный", "серийный н", "сер номер", "заводской номер", "зав номер",
        "сериялық нөмір", "сериялық нөмірі", "зауыттық нөмір", "serial", "serial number", "serial no", "sn",
        "s n")),
    "dispatch_date": Field(_("dispatch date"), "Дата отгрузки / Жөнелту күні / Dispatch date", 16, parse_date, (
        "дата отгрузки", "дата", "дата отправки", "дата поставки", "дата накладной", "жөнелтілген күні",
        "жөнелту күні", "күні", "dispatch date", "date", "shipping date", "ship date", "delivery date")),
}
# A header row names these at least; the others may be missing.
REQUIRED = ("waybill", "supplier", "destination_bin", "item_code")
# Read as plain text on every row (the names are read only when a suggestion is needed).
TEXT_FIELDS = ("waybill", "supplier", "contract", "serial", "item_code")


def label(name):
    """The column's name for a message, in the active language."""
    return str(FIELDS[name].label)


# The template's example row: recognised by these two cells and refused, so it never becomes data.
EXAMPLE_WAYBILL = "ТН-000123"
EXAMPLE_SUPPLIER = "ТОО «Пример»"
