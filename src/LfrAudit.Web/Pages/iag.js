// The IAG page's upload: the chosen .zip goes to the console as it is (its body), with the page's anti-forgery token;
// the export it unpacks to is then reviewed like any export the console knows. Without this script the other forms work.
"use strict";
(() => {
  const form = document.getElementById("upload");
  if (!form) return;
  const status = document.getElementById("upload-status");
  form.addEventListener("submit", async e => {
    e.preventDefault();
    const file = document.getElementById("archive").files[0];
    if (!file) { status.textContent = "Choose the zipped export first."; return; }
    status.textContent = `Uploading ${file.name}…`;
    const r = await fetch("/api/iag/exports", {
      method: "POST", body: file,
      headers: { "Content-Type": "application/zip", "X-CSRF-Token": form.dataset.csrf },
    });
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) { status.textContent = answer.detail || answer.title || `Refused (${r.status}).`; return; }
    status.textContent = `Unpacked as ${answer.name}; verifying…`;
    // Reviewed by name, as any export the console knows: a form posted the ordinary way, so the report replaces the page.
    const review = document.createElement("form");
    review.method = "post";
    review.action = "/iag";
    for (const [name, value] of [["__RequestVerificationToken", form.dataset.csrf], ["known", answer.name]]) {
      const input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value;
      review.append(input);
    }
    document.body.append(review);
    review.submit();
  });
})();
