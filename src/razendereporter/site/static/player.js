// Interactive transcript beside the <video>: follows the subtitle track (TextTrack
// cues and `cuechange`), seeks on a line, filters, and honours #t=SECONDS deep links.
// The transcript itself is rendered on the server; this only adds behaviour.
(function () {
  "use strict";
  var video = document.getElementById("video");
  var list = document.getElementById("lines");
  if (!video || !list) return;
  var buttons = Array.prototype.slice.call(list.querySelectorAll("button.seek"));
  var starts = buttons.map(function (b) { return parseFloat(b.dataset.start); });
  var ends = buttons.map(function (b) { return parseFloat(b.parentNode.dataset.end); });
  var current = null;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function indexAt(time) {
    var found = -1;
    for (var i = 0; i < starts.length; i++) {
      if (starts[i] <= time + 0.01) found = i; else break;
    }
    return found;
  }

  function mark(index) {
    var button = index >= 0 ? buttons[index] : null;
    if (button === current) return;
    if (current) current.removeAttribute("aria-current");
    current = button;
    if (!button) return;
    button.setAttribute("aria-current", "true");
    if (!video.paused) {
      button.scrollIntoView({ block: "nearest", behavior: reduceMotion ? "auto" : "smooth" });
    }
  }

  function sync() { mark(indexAt(video.currentTime)); }

  function onCueChange(event) {
    var cues = event.target.activeCues;
    if (cues && cues.length) mark(indexAt(cues[0].startTime)); else sync();
  }

  function subtitleTrack() {
    for (var i = 0; i < video.textTracks.length; i++) {
      if (video.textTracks[i].language === "nl") return video.textTracks[i];
    }
    return video.textTracks[0] || null;
  }

  var track = subtitleTrack();
  if (track) {
    if (track.mode === "disabled") track.mode = "showing";
    track.addEventListener("cuechange", onCueChange);
  }
  video.addEventListener("seeked", sync);
  video.addEventListener("timeupdate", sync);

  function seek(seconds, play) {
    var go = function () {
      video.currentTime = seconds;
      sync();
      if (play) { var p = video.play(); if (p && p.catch) p.catch(function () {}); }
    };
    if (video.readyState >= 1) go(); else video.addEventListener("loadedmetadata", go, { once: true });
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button.seek");
    if (!button) return;
    var seconds = parseFloat(button.dataset.start);
    history.replaceState(null, "", "#t=" + seconds);
    seek(seconds, true);
    mark(buttons.indexOf(button));
  });

  // #t=83, #t=83.5 or #t=1:23 (media-fragment style), on load and when the hash changes.
  function fromHash() {
    var m = /(?:^#|&)t=([0-9:.]+)/.exec(location.hash);
    if (!m) return;
    var seconds = m[1].split(":").reduce(function (acc, part) { return acc * 60 + parseFloat(part || 0); }, 0);
    if (isFinite(seconds)) { seek(seconds, false); mark(indexAt(seconds)); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  // Filter: highlight matches inside the transcript, built from text nodes only.
  var filter = document.getElementById("filter");
  var status = document.getElementById("filter-status");
  var texts = buttons.map(function (b) { return b.querySelector(".text"); });
  var originals = texts.map(function (t) { return t.textContent; });

  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  function highlight(node, text, query) {
    node.textContent = "";
    var folded = fold(text), at = 0, hit;
    if (query) {
      while ((hit = folded.indexOf(query, at)) !== -1) {
        node.appendChild(document.createTextNode(text.slice(at, hit)));
        var m = document.createElement("mark");
        m.textContent = text.slice(hit, hit + query.length);
        node.appendChild(m);
        at = hit + query.length;
      }
    }
    node.appendChild(document.createTextNode(text.slice(at)));
    return at > 0;
  }

  if (filter) {
    filter.addEventListener("input", function () {
      var query = fold(filter.value.trim());
      var count = 0;
      texts.forEach(function (node, i) {
        // NFD folding keeps length for Dutch text (accents become separate marks we strip).
        var found = highlight(node, originals[i], query && fold(originals[i]).length === originals[i].length ? query : "");
        if (!found && query) {
          found = fold(originals[i]).indexOf(query) !== -1;
        }
        node.closest(".line").classList.toggle("nomatch", Boolean(query) && !found);
        if (found) count++;
      });
      status.textContent = query ? count + (count === 1 ? " regel gevonden" : " regels gevonden") : "";
    });
  }
})();
