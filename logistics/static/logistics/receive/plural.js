// Picks the form of a text for a number: the page gives one form per plural category
// (inventory/plurals.py), and the browser knows which category the number falls into.
const rules = new Intl.PluralRules(document.documentElement.lang || "ru");

export function plural(forms, n) {
  return forms[rules.select(n)] || forms.other;
}
