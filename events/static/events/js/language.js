/**
 * The language switcher (templates/_language_form.html): choosing a language
 * posts the form at once, back to the same view, permalink hash included.
 * Without JavaScript the form's own button does the same, less the hash.
 */

const form = document.querySelector("[data-language-form]");
if (form) {
  form.classList.add("is-enhanced"); // site.css hides the button: the select is enough
  form.elements.language.addEventListener("change", () => {
    const { pathname, search, hash } = window.location;
    form.elements.next.value = pathname + search + hash;
    form.submit();
  });
}
