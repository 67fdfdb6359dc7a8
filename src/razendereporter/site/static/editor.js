// The episode page as an editor (`rr serve --edit` only: no built site has this file).
// Every transcript line can be corrected in place (its text and its speaker), split at the
// cursor and merged with the line before; a line plays from its start; the words Whisper was
// unsure of are underlined (CSS Custom Highlight API) and named under their line, and Alt+N
// goes to the next one. Saving sends the lines to the edit server, which corrects the
// transcript as `rr correct` does; the page then shows what changed and loads the new cues.
// No library, no inline script: the page's Content-Security-Policy stays as strict as the site's.
(function () {
  "use strict";
  var script = document.currentScript;
  var video = document.getElementById("video");
  var staticList = document.getElementById("lines");
  if (!script || !video || !staticList) return;
  var api = script.dataset.api;
  var section = staticList.closest("section") || staticList.parentNode;
  var marks = typeof CSS !== "undefined" && CSS.highlights && typeof Highlight === "function" ? new Highlight() : null;
  if (marks) CSS.highlights.set("rr-unsure", marks);

  var data = null;  // what the server sent: speakers, threshold
  var rows = [];    // the lines being edited: {speaker, name, text, words, start, end, ranges}
  var dirty = false, saving = false;
  var spot = null;  // where the cursor was last in a line, {row, at, picked: a word selected}: where Alt+N starts

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds || 0));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
    return (h ? h + ":" + String(m).padStart(2, "0") : String(m)) + ":" + String(r).padStart(2, "0");
  }

  function percent(p) { return Math.round(p * 100) + " %"; }

  // --- The frame: toolbar, status lines, shortcuts, the list --------------------------------

  var editor = el("div", { "class": "editor", id: "editor" });
  var intro = el("p", { "class": "edit-intro" });
  var bar = el("div", { "class": "edit-bar" });
  var saveButton = el("button", { type: "button", id: "edit-save", "aria-keyshortcuts": "Control+S" }, "Opslaan");
  var playButton = el("button", { type: "button", id: "edit-play", "aria-keyshortcuts": "Escape" }, "Afspelen");
  var nextButton = el("button", { type: "button", id: "edit-next", "aria-keyshortcuts": "Alt+N" }, "Volgend onzeker woord");
  bar.append(saveButton, playButton, nextButton);
  var status = el("p", { id: "edit-status", "class": "edit-status", role: "status" });
  var error = el("p", { id: "edit-error", "class": "edit-error", role: "alert" });
  var warnings = el("ul", { id: "edit-warnings", "class": "edit-warnings" });
  var where = el("p", { id: "edit-where", "class": "meta", role: "status" });
  var keys = el("details", { "class": "edit-keys" });
  keys.append(el("summary", {}, "Sneltoetsen"));
  var keyList = el("dl");
  [["Esc", "afspelen / pauzeren"], ["Alt+N", "naar het volgende onzekere woord (Alt+Shift+N: het vorige)"],
   ["Ctrl+Enter", "de regel afspelen vanaf het begin"], ["Enter", "de regel splitsen bij de cursor"],
   ["Backspace aan het begin", "de regel samenvoegen met de vorige"], ["Ctrl+S", "opslaan"]].forEach(function (pair) {
    keyList.append(el("dt", {}, pair[0]), el("dd", {}, pair[1]));
  });
  keys.append(keyList);
  var speakerList = el("datalist", { id: "edit-speakers" });
  var list = el("ol", { id: "edit-lines", "class": "edit-lines", "aria-label": "Transcript bewerken" });
  editor.append(el("h3", { "class": "edit-title" }, "Bewerken"), intro, bar, status, error, warnings, where, keys,
                speakerList, list);
  section.insertBefore(editor, staticList);
  intro.textContent = "Het transcript wordt geladen…";

  function say(text) { error.textContent = ""; status.textContent = text; }
  function fail(text) { status.textContent = ""; error.textContent = text; }

  // --- Rows ----------------------------------------------------------------------------------

  function fromCue(cue) {
    var name = cue.speaker ? speakerName(cue.speaker) : "";
    return { speaker: cue.speaker, name: name, text: cue.text, words: cue.words, start: cue.start, end: cue.end };
  }

  function speakerName(label) {
    var found = data.speakers.filter(function (s) { return s.label === label; })[0];
    return found ? found.name : label;
  }

  function render(focus) {
    var top = list.scrollTop;  // a split, a merge or the cues of a save: the editor stays where it was
    if (marks) marks.clear();
    list.textContent = "";
    rows.forEach(function (row, k) { list.append(rowElement(row, k)); highlight(k); });
    list.scrollTop = top;
    var count = rows.reduce(function (n, row) { return n + unsureWords(row).length; }, 0);
    intro.textContent = "Verbeter tekst en sprekers en kies Opslaan. " + (count ? count +
      (count === 1 ? " woord waar Whisper onzeker over was staat" : " woorden waar Whisper onzeker over was staan") +
      " onder hun regel en zijn onderstreept met een golflijn (kans onder " + percent(data.unsure_below) + ")."
      : "Whisper was over geen enkel woord onzeker.");
    if (focus) place(focus.row, focus.at, focus.at);
  }

  function rowElement(row, k) {
    var n = k + 1;
    var li = el("li", { "class": "edit-line", "data-start": row.start, "data-row": k });
    var head = el("div", { "class": "edit-head" });
    var play = el("button", { type: "button", "class": "edit-play-line", "aria-label": "Regel " + n + " afspelen vanaf " + clock(row.start) });
    play.append(el("span", { "aria-hidden": "true" }, "▶ "), document.createTextNode(clock(row.start)));
    var label = el("label", { "for": "edit-speaker-" + n, "class": "edit-label" }, "Spreker");
    label.append(el("span", { "class": "visually-hidden" }, " van regel " + n));
    var speaker = el("input", { id: "edit-speaker-" + n, "class": "edit-speaker", type: "text", list: "edit-speakers",
                                autocomplete: "off", spellcheck: "false" });
    speaker.value = row.name;
    head.append(play, label, speaker);
    var text = el("div", { id: "edit-text-" + n, "class": "edit-text", role: "textbox", "aria-multiline": "false",
                           "aria-label": "Tekst van regel " + n, spellcheck: "false", lang: "nl" });
    try { text.contentEditable = "plaintext-only"; } catch (e) { text.contentEditable = "true"; }
    text.textContent = row.text;
    var foot = el("div", { "class": "edit-foot" });
    var unsure = unsureWords(row);
    if (unsure.length) {
      var note = el("p", { id: "edit-unsure-" + n, "class": "edit-unsure" }, "Onzeker: ");
      unsure.forEach(function (w, i) {
        if (i) note.append(document.createTextNode(", "));
        note.append(el("strong", {}, w.text), document.createTextNode(" (" + percent(w.p) + ")"));
      });
      text.setAttribute("aria-describedby", note.id);
      foot.append(note);
    }
    var tools = el("div", { "class": "edit-tools" });
    tools.append(el("button", { type: "button", "class": "edit-split", "aria-label": "Splitsen: regel " + n + " bij de cursor" }, "Splitsen"));
    if (k) tools.append(el("button", { type: "button", "class": "edit-merge", "aria-label": "Samenvoegen: regel " + n + " met regel " + k }, "Samenvoegen"));
    foot.append(tools);
    li.append(head, text, foot);
    return li;
  }

  function textBox(k) { return list.children[k] && list.children[k].querySelector(".edit-text"); }
  function rowOf(node) { var li = node && node.closest && node.closest(".edit-line"); return li ? Number(li.dataset.row) : -1; }
  function currentText(k) { return textBox(k).textContent.replace(/\u00a0/g, " "); }

  function sync() {
    rows.forEach(function (row, k) {
      row.text = currentText(k).replace(/\s+/g, " ").trim();
      row.name = list.children[k].querySelector(".edit-speaker").value.trim();
    });
  }

  // The row's words found in its text as it is now, in order: a word the editor changed is not.
  function located(row, text) {
    var at = 0, out = [];
    row.words.forEach(function (w) {
      var hit = text.indexOf(w.text, at);
      if (hit === -1) return;
      out.push({ word: w, at: hit });
      at = hit + w.text.length;
    });
    return out;
  }

  // Whisper's doubt, not the alignment's: a word an editor wrote is never marked.
  function unsure(word) { return word.p < data.unsure_below && !word.edited; }

  function unsureWords(row) {
    return row.words.filter(unsure);
  }

  function unsureAt(k) {
    return located(rows[k], currentText(k)).filter(function (hit) { return unsure(hit.word); });
  }

  // --- Text positions: offsets in a line's text <-> DOM ranges -------------------------------

  function rangeAt(box, start, end) {
    var range = document.createRange(), walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    var seen = 0, node, last = null, started = false;
    range.selectNodeContents(box);
    range.collapse(true);
    while ((node = walker.nextNode())) {
      last = node;
      if (!started && start <= seen + node.data.length) { range.setStart(node, start - seen); started = true; }
      if (started && end <= seen + node.data.length) { range.setEnd(node, end - seen); return range; }
      seen += node.data.length;
    }
    if (last) {  // past the end of the text: the end
      if (!started) range.setStart(last, last.data.length);
      range.setEnd(last, last.data.length);
    }
    return range;
  }

  function caret(k) {
    var selection = window.getSelection(), box = textBox(k);
    if (!selection.rangeCount || !box) return null;
    var range = selection.getRangeAt(0);
    if (!box.contains(range.startContainer)) return null;
    var before = document.createRange();
    before.selectNodeContents(box);
    before.setEnd(range.startContainer, range.startOffset);
    return before.toString().length;
  }

  function place(k, start, end) {
    var box = textBox(k);
    if (!box) return;
    box.focus();
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(rangeAt(box, start, end));
  }

  function highlight(k) {
    if (!marks) return;
    var row = rows[k], box = textBox(k);
    (row.ranges || []).forEach(function (r) { marks.delete(r); });
    row.ranges = unsureAt(k).map(function (hit) { return rangeAt(box, hit.at, hit.at + hit.word.text.length); });
    row.ranges.forEach(function (r) { marks.add(r); });
  }

  // --- Split and merge -----------------------------------------------------------------------

  function split(k, at) {
    sync();
    var row = rows[k], text = currentText(k);
    if (at === null || at === undefined) at = text.lastIndexOf(" ", Math.floor(text.length / 2));
    while (at > 0 && at < text.length && !/\s/.test(text[at - 1]) && !/\s/.test(text[at])) at--;  // not inside a word
    var before = text.slice(0, at).replace(/\s+/g, " ").trim(), after = text.slice(at).replace(/\s+/g, " ").trim();
    if (!before || !after) { say("Zet de cursor tussen twee woorden om regel " + (k + 1) + " te splitsen."); return; }
    var hits = located(row, text), first = [], second = [];
    row.words.forEach(function (w) {
      var hit = hits.filter(function (h) { return h.word === w; })[0];
      (hit && hit.at >= at ? second : hit ? first : second.length ? second : first).push(w);
    });
    var start = second.length ? second[0].start : row.start;
    rows.splice(k, 1, Object.assign({}, row, { text: before, words: first, end: start, caret: null, ranges: [] }),
                Object.assign({}, row, { text: after, words: second, start: start, caret: null, ranges: [] }));
    changed();
    render({ row: k + 1, at: 0 });
    spot = { row: k + 1, at: 0 };
    where.textContent = "Regel " + (k + 1) + " is gesplitst; de cursor staat aan het begin van regel " + (k + 2) + ".";
  }

  function merge(k) {
    if (k < 1) return;
    sync();
    var prev = rows[k - 1], row = rows[k], join = prev.text.length + (prev.text && row.text ? 1 : 0);
    var other = row.name !== prev.name;
    rows.splice(k - 1, 2, Object.assign({}, prev, { text: [prev.text, row.text].filter(Boolean).join(" "),
                                                     words: prev.words.concat(row.words), end: row.end,
                                                     caret: null, ranges: [] }));
    changed();
    render({ row: k - 1, at: join });
    spot = { row: k - 1, at: join };
    where.textContent = "Regel " + (k + 1) + " is samengevoegd met regel " + k +
      (other ? "; de woorden krijgen de spreker " + (prev.name || "van regel " + k) + "." : ".");
  }

  function changed() {
    if (!dirty) say("Er zijn wijzigingen die nog niet zijn opgeslagen.");
    dirty = true;
  }

  // --- Playing and the unsure words ----------------------------------------------------------

  function seek(seconds, play) {
    video.currentTime = Math.max(0, seconds || 0);
    if (play) { var p = video.play(); if (p && p.catch) p.catch(function () {}); }
  }

  function toggle() {
    if (video.paused) { var p = video.play(); if (p && p.catch) p.catch(function () {}); } else video.pause();
  }

  function jump(backwards) {
    var all = [];
    rows.forEach(function (row, k) { unsureAt(k).forEach(function (hit) { all.push({ row: k, hit: hit }); }); });
    if (!all.length) { where.textContent = "Er zijn geen onzekere woorden (meer) in dit transcript."; return; }
    var here = spot && spot.row < rows.length ? spot : null;
    function after(item) {
      return !here || item.row > here.row ||
        (item.row === here.row && (item.hit.at > here.at || (item.hit.at === here.at && !here.picked)));
    }
    function before(item) { return here && (item.row < here.row || (item.row === here.row && item.hit.at < here.at)); }
    var found = backwards ? all.filter(before).pop() || all[all.length - 1] : all.filter(after)[0] || all[0];
    var index = all.indexOf(found), word = found.hit.word;
    place(found.row, found.hit.at, found.hit.at + word.text.length);
    spot = { row: found.row, at: found.hit.at, picked: true };
    textBox(found.row).closest(".edit-line").scrollIntoView({ block: "nearest" });
    seek(word.start - 0.3, false);
    where.textContent = "Onzeker woord " + (index + 1) + " van " + all.length + ": ‘" + word.text + "’ (" +
      percent(word.p) + "), regel " + (found.row + 1) + ", " + clock(word.start) + ".";
  }

  function follow() {
    var t = video.currentTime, k = -1;
    rows.forEach(function (row, i) { if (row.start <= t + 0.01) k = i; });
    Array.prototype.forEach.call(list.children, function (li, i) {
      if (i === k) li.setAttribute("aria-current", "true"); else li.removeAttribute("aria-current");
    });
  }

  // --- Loading and saving --------------------------------------------------------------------

  function answer(response) {
    return response.json().then(function (body) { return { ok: response.ok, body: body }; }, function () {
      return { ok: false, body: { error: "de server gaf antwoord " + response.status + " zonder uitleg" } };
    });
  }

  function load(fresh) {
    return fetch(api, { credentials: "same-origin", cache: "no-store" }).then(answer).then(function (res) {
      if (!res.ok) {
        intro.textContent = "";
        fail("Bewerken kan niet: " + res.body.error);
        return false;
      }
      data = res.body;
      speakerList.textContent = "";
      data.speakers.forEach(function (s) { speakerList.append(el("option", { value: s.name })); });
      rows = data.cues.map(fromCue);
      staticList.hidden = true;
      Array.prototype.forEach.call(section.querySelectorAll(".filter, .hint"), function (node) { node.hidden = true; });
      render();
      if (fresh) newTrack();
      return true;
    });
  }

  function newTrack() {
    var old = video.querySelector("track");
    if (!old) return;
    var track = el("track", { kind: old.kind, srclang: old.srclang, label: old.label, "default": "" });
    track.src = old.getAttribute("src").split("?")[0] + "?v=" + Date.now();
    old.remove();
    video.append(track);
    track.track.mode = "showing";
  }

  function voiceOf(name) {
    if (!name) return null;
    var fold = name.toLocaleLowerCase("nl");
    var known = data.speakers.filter(function (s) {
      return s.name.toLocaleLowerCase("nl") === fold || s.label.toLocaleLowerCase("nl") === fold;
    })[0];
    return known ? known.label : name;
  }

  function result(body) {
    if (body.status === "unchanged") return "Niets veranderd: dit is de tekst die al was opgeslagen.";
    var text = "Opgeslagen: " + body.words_changed + (body.words_changed === 1 ? " woord" : " woorden") + " veranderd";
    if (body.words_aligned) text += ", " + body.words_aligned + " opnieuw op het geluid gelegd";
    return text + ".";
  }

  function save() {
    if (saving || !data) return;
    sync();
    saving = true;
    saveButton.setAttribute("aria-disabled", "true");
    warnings.textContent = "";
    say("Bezig met opslaan… gewijzigde woorden worden op het geluid gelegd, dat duurt enkele seconden.");
    var body = JSON.stringify({ cues: rows.map(function (row) { return { voice: voiceOf(row.name), text: row.text }; }) });
    fetch(api, { method: "POST", credentials: "same-origin", cache: "no-store",
                 headers: { "Content-Type": "application/json" }, body: body }).then(answer).then(function (res) {
      if (!res.ok) { fail("Niet opgeslagen: " + res.body.error); return; }
      dirty = false;
      (res.body.warnings || []).forEach(function (w) { warnings.append(el("li", {}, w)); });
      return load(true).then(function (loaded) { if (loaded) say(result(res.body)); });
    }).catch(function (e) {
      fail("Niet opgeslagen: de server antwoordt niet (" + e.message + ").");
    }).then(function () {
      saving = false;
      saveButton.removeAttribute("aria-disabled");
    });
  }

  // --- Events --------------------------------------------------------------------------------

  saveButton.addEventListener("click", save);
  playButton.addEventListener("click", toggle);
  nextButton.addEventListener("click", function () { jump(false); });
  video.addEventListener("timeupdate", follow);
  video.addEventListener("play", function () { playButton.textContent = "Pauzeren"; });
  video.addEventListener("pause", function () { playButton.textContent = "Afspelen"; });
  video.addEventListener("seeked", follow);

  list.addEventListener("click", function (event) {
    var k = rowOf(event.target), button = event.target.closest("button");
    if (k < 0 || !button) return;
    if (button.classList.contains("edit-play-line")) seek(rows[k].start, true);
    else if (button.classList.contains("edit-split")) split(k, rows[k].caret);
    else if (button.classList.contains("edit-merge")) merge(k);
  });

  list.addEventListener("input", function (event) {
    var k = rowOf(event.target);
    if (k < 0) return;
    changed();
    if (event.target.classList.contains("edit-text")) highlight(k);
  });

  list.addEventListener("keydown", function (event) {
    var k = rowOf(event.target);
    if (k < 0 || !event.target.classList.contains("edit-text")) return;
    var at = caret(k), collapsed = window.getSelection().isCollapsed;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      seek(rows[k].start, true);
    } else if (event.key === "Enter" && !event.altKey && !event.shiftKey) {
      event.preventDefault();
      split(k, at);
    } else if (event.key === "Backspace" && collapsed && at === 0 && k > 0) {
      event.preventDefault();
      merge(k);
    }
  });

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    var k = selection.rangeCount ? rowOf(selection.anchorNode.parentElement || selection.anchorNode) : -1;
    var at = k >= 0 && rows[k] ? caret(k) : null;
    if (at === null) return;
    rows[k].caret = at;
    spot = { row: k, at: at, picked: !selection.isCollapsed };
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      toggle();
    } else if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === "KeyN") {
      event.preventDefault();
      jump(event.shiftKey);
    } else if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save();
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  load(false).catch(function (e) { fail("Bewerken kan niet: het transcript is niet te laden (" + e.message + ")."); });
})();
