// The CBS file is streamed; for a long run this shows how many of the expected records have
// arrived. Without JavaScript the link downloads the file as it is.
(function () {
  "use strict";
  var link = document.getElementById("cbs-download");
  if (!link || !window.fetch || !window.TextDecoder) return;
  link.addEventListener("click", function (event) {
    event.preventDefault();
    var total = parseInt(link.dataset.total, 10) || 1;
    var wrap = document.getElementById("cbs-progress-wrap");
    var bar = document.getElementById("cbs-progress");
    var text = document.getElementById("cbs-progress-text");
    wrap.hidden = false;
    fetch(link.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var parts = [];
      var lines = 0;
      function pump() {
        return reader.read().then(function (step) {
          if (step.done) {
            bar.value = total;
            text.textContent = lines + " records ontvangen. Het bestand is klaar.";
            var blob = new Blob(parts, { type: "text/csv" });
            var a = document.createElement("a");
            a.href = URL.createObjectURL(blob);
            a.download = link.getAttribute("href").replace(/.*halfjaar=/, "cbs-veilig-thuis-") + ".csv";
            document.body.appendChild(a);
            a.click();
            a.remove();
            return;
          }
          var chunk = decoder.decode(step.value, { stream: true });
          parts.push(chunk);
          lines += (chunk.match(/\n/g) || []).length;
          bar.value = Math.min(lines, total);
          text.textContent = lines + " van " + total + " records";
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      text.textContent = "Het bestand kon niet worden gemaakt. Probeer het opnieuw.";
    });
  });
})();
