/*! Adviser console. No inline scripts (CSP script-src 'self'); text is always set with
   textContent, never innerHTML, because transcripts and notes come from the public. */

import { el } from "../common/dom.mjs";

function start() {
  var focusOnLoad = document.querySelector('[data-module="focus-on-load"]');
  if (focusOnLoad) {
    focusOnLoad.focus();
  }
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  if (!csrfMeta) {
    return; // the sign-in page needs nothing more
  }
  var csrfToken = csrfMeta.getAttribute("content");
  var announcer = document.querySelector('[data-module="announcer"]');

  function announce(text) {
    announcer.textContent = text;
  }

  function focusHeading(node) {
    node.setAttribute("tabindex", "-1");
    node.focus();
  }

  function when(iso) {
    var date = new Date(iso);
    return (
      date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) +
      " UTC"
    );
  }

  function api(path, options) {
    options = options || {};
    var headers = { Accept: "application/json" };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["X-CSRF-Token"] = csrfToken;
    }
    return fetch(path, {
      method: options.method || "GET",
      headers: headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }).then(function (response) {
      if (response.status === 401) {
        // The session ended (signed out elsewhere or timed out): back to the sign-in form.
        window.location.assign("/adviser");
        throw new Error("Your session has ended. Please sign in again.");
      }
      return response.json().then(function (data) {
        if (!response.ok) {
          throw new Error(typeof data.detail === "string" ? data.detail : "Something went wrong.");
        }
        return data;
      });
    });
  }

  function problem(container, message) {
    var box = el("div", { className: "adv-error-summary", role: "alert", tabindex: "-1" }, [
      el("h2", { className: "adv-error-summary__title", text: "There is a problem" }),
      el("p", { text: message }),
    ]);
    container.appendChild(box);
    box.focus();
  }

  function sourcesLine(sources) {
    return el("p", { className: "adv-sources", text: "Sources: " + sources.join("; ") });
  }

  /* --- scripted triage ------------------------------------------------------------------ */

  function Triage(root) {
    this.root = root;
    this.startForm = root.querySelector('[data-triage="start"]');
    this.stepForm = root.querySelector('[data-triage="step"]');
    this.questionBox = root.querySelector('[data-triage="question"]');
    this.result = root.querySelector('[data-triage="result"]');
    this.script = [];
    this.answers = {};
    this.index = 0;
    this.startForm.addEventListener("submit", this.start.bind(this));
    this.stepForm.addEventListener("submit", this.next.bind(this));
    this.root.querySelector('[data-triage="back"]').addEventListener("click", this.back.bind(this));
    var self = this;
    this.ready = api("/api/v1/adviser/triage/script").then(function (script) {
      self.script = script;
    });
  }

  Triage.prototype.start = function (event) {
    event.preventDefault();
    var reference = this.startForm.elements.reference;
    var old = this.startForm.querySelector(".adv-error-summary");
    if (old) old.remove();
    if (!/^[A-Za-z0-9 ./_-]*$/.test(reference.value)) {
      problem(
        this.startForm,
        "The case reference can only use letters, numbers, spaces and . / _ -",
      );
      return;
    }
    var self = this;
    // On a slow connection the questions may still be on their way: start once they arrive.
    this.ready.then(
      function () {
        self.answers = {};
        self.index = 0;
        self.startForm.hidden = true;
        self.result.hidden = true;
        self.stepForm.hidden = false;
        self.renderQuestion();
      },
      function (error) {
        problem(
          self.startForm,
          "The questions did not load: " + error.message + " Reload the page.",
        );
      },
    );
  };

  Triage.prototype.renderQuestion = function () {
    var question = this.script[this.index];
    var answer = this.answers[question.id];
    var box = this.questionBox;
    box.textContent = "";
    var heading = el("h2", { className: "adv-heading-m", id: "question-heading" }, [
      el("span", {
        className: "adv-hint",
        text: "Question " + (this.index + 1) + " of " + this.script.length + ": ",
      }),
      question.text,
    ]);
    var error = el("p", { className: "adv-error-message", id: "question-error", hidden: true });
    var group;
    if (question.kind === "age") {
      var hint = el("p", {
        className: "adv-hint",
        id: "age-hint",
        text: "Leave blank if not sure.",
      });
      var input = el("input", {
        className: "adv-input adv-input--short",
        id: "answer-age",
        name: "age",
        inputmode: "numeric",
        autocomplete: "off",
        "aria-describedby": "age-hint question-error",
        value: answer === null || answer === undefined ? "" : String(answer),
      });
      // The label sits inside the heading (as in GOV.UK Frontend): a heading may not go in a label.
      heading.appendChild(
        el("label", { className: "adv-label", for: "answer-age" }, [
          heading.firstChild,
          heading.lastChild,
        ]),
      );
      group = el("div", { className: "adv-field" }, [heading, hint, error, input]);
    } else {
      var type = question.kind === "multiple" ? "checkbox" : "radio";
      var chosen = question.kind === "multiple" ? answer || [] : [answer];
      var choices = el(
        "ul",
        { className: "adv-choices" },
        question.options.map(function (option) {
          var id = "answer-" + question.id + "-" + option.value;
          return el("li", { className: "adv-choice" }, [
            el("input", {
              type: type,
              id: id,
              name: question.id,
              value: option.value,
              checked: chosen.indexOf(option.value) !== -1,
            }),
            el("label", { for: id, text: option.label }),
          ]);
        }),
      );
      var hintText = question.kind === "multiple" ? "Choose any that fit, or none." : null;
      group = el("fieldset", { className: "adv-fieldset", "aria-describedby": "question-error" }, [
        el("legend", { className: "adv-legend" }, [heading]),
        hintText ? el("p", { className: "adv-hint", text: hintText }) : null,
        error,
        choices,
      ]);
      if (question.kind === "multiple") {
        // "Not sure" and the named worries exclude each other.
        choices.addEventListener("change", function (event) {
          var boxes = choices.querySelectorAll("input");
          boxes.forEach(function (other) {
            if (!event.target.checked || other === event.target) return;
            if (event.target.value === "not_sure" || other.value === "not_sure") {
              other.checked = false;
            }
          });
        });
      }
    }
    box.appendChild(group);
    this.stepForm.querySelector('[data-triage="next"]').textContent =
      this.index === this.script.length - 1 ? "See the recommendation" : "Continue";
    focusHeading(heading);
  };

  Triage.prototype.showError = function (message, focusTarget) {
    var error = this.questionBox.querySelector("#question-error");
    error.textContent = "Error: " + message;
    error.hidden = false;
    this.questionBox.firstChild.classList.add("adv-field--error");
    focusTarget.focus();
  };

  Triage.prototype.next = function (event) {
    event.preventDefault();
    var question = this.script[this.index];
    var form = this.stepForm;
    if (question.kind === "single") {
      var picked = form.querySelector('input[name="' + question.id + '"]:checked');
      if (!picked) {
        this.showError('Choose an answer, or "Not sure".', form.querySelector("input"));
        return;
      }
      this.answers[question.id] = picked.value;
    } else if (question.kind === "multiple") {
      this.answers[question.id] = Array.prototype.map.call(
        form.querySelectorAll('input[name="' + question.id + '"]:checked'),
        function (input) {
          return input.value;
        },
      );
    } else {
      var input = form.querySelector("#answer-age");
      var text = input.value.trim();
      if (text && !/^\d{1,2}$/.test(text)) {
        this.showError(
          "Give the age in years, as a number from 0 to 25, or leave it blank.",
          input,
        );
        return;
      }
      if (text && Number(text) > 25) {
        this.showError(
          "Give the age in years, as a number from 0 to 25, or leave it blank.",
          input,
        );
        return;
      }
      this.answers[question.id] = text ? Number(text) : null;
    }
    if (this.index < this.script.length - 1) {
      this.index += 1;
      this.renderQuestion();
    } else {
      this.submit();
    }
  };

  Triage.prototype.back = function () {
    if (this.index === 0) {
      this.stepForm.hidden = true;
      this.startForm.hidden = false;
      this.startForm.elements.reference.focus();
      return;
    }
    this.index -= 1;
    this.renderQuestion();
  };

  Triage.prototype.submit = function () {
    var self = this;
    var body = {
      reference: this.startForm.elements.reference.value.trim(),
      situation: this.startForm.elements.situation.value,
    };
    this.script.forEach(function (question) {
      var value = self.answers[question.id];
      if (question.kind === "multiple") body[question.id] = value || [];
      else if (question.kind === "age") body[question.id] = value === undefined ? null : value;
      else body[question.id] = value;
    });
    announce("Working out the recommendation.");
    api("/api/v1/adviser/cases", { method: "POST", body: body }).then(
      function (result) {
        self.showResult(result);
      },
      function (error) {
        problem(self.questionBox, error.message);
      },
    );
  };

  Triage.prototype.showResult = function (result) {
    var self = this;
    var box = this.result;
    var recommendation = result.recommendation;
    box.textContent = "";
    this.stepForm.hidden = true;
    var heading = el("h2", {
      className: "adv-heading-l",
      text: "Recommended next step: " + recommendation.title,
    });
    box.appendChild(heading);
    box.appendChild(el("p", { text: recommendation.summary }));
    result.notes.forEach(function (note) {
      box.appendChild(el("p", { className: "adv-panel", text: note }));
    });

    box.appendChild(el("h3", { className: "adv-heading-m", text: "Why" }));
    box.appendChild(
      el(
        "ul",
        {},
        recommendation.reasons.map(function (reason) {
          return el("li", {}, [el("p", { text: reason.text }), sourcesLine(reason.sources)]);
        }),
      ),
    );

    box.appendChild(el("h3", { className: "adv-heading-m", text: "Next steps" }));
    box.appendChild(
      el(
        "ol",
        {},
        recommendation.next_steps.map(function (step) {
          return el("li", { text: step });
        }),
      ),
    );

    box.appendChild(el("h3", { className: "adv-heading-m", text: "Questions to ask the school" }));
    box.appendChild(
      el(
        "ol",
        {},
        result.questions.map(function (question) {
          return el("li", {}, [el("p", { text: question.text }), sourcesLine(question.sources)]);
        }),
      ),
    );

    var step = result.complaint_step;
    if (step) {
      box.appendChild(
        el("h3", { className: "adv-heading-m", text: "Complaint: next step on the ladder" }),
      );
      box.appendChild(
        el("div", { className: "adv-panel adv-panel--warning" }, [
          el("p", {}, [el("strong", { text: step.title })]),
          el("p", { text: step.what_to_do }),
          el("p", { text: "Take with you:" }),
          el(
            "ul",
            {},
            step.prepare.map(function (item) {
              return el("li", { text: item });
            }),
          ),
          sourcesLine(step.sources),
        ]),
      );
    }

    box.appendChild(el("h3", { className: "adv-heading-m", text: "Case summary" }));
    var summary = el("textarea", {
      className: "adv-summary",
      id: "case-summary",
      readonly: true,
      rows: "16",
      "aria-describedby": "case-summary-hint",
    });
    summary.value = result.summary_text;
    var status = el("p", { className: "adv-hint", id: "copy-status", role: "status" });
    var base = "/api/v1/adviser/cases/" + result.id + "/summary.";
    box.appendChild(
      el("label", {
        className: "adv-label",
        for: "case-summary",
        text: "Summary for your case notes",
      }),
    );
    box.appendChild(
      el("p", {
        className: "adv-hint",
        id: "case-summary-hint",
        text: "Saved with case " + (result.reference || "number " + result.id) + ".",
      }),
    );
    box.appendChild(summary);
    var copyText = el("button", { className: "adv-button", type: "button", text: "Copy summary" });
    var copyMarkdown = el("button", {
      className: "adv-button adv-button--secondary",
      type: "button",
      text: "Copy as Markdown",
    });
    copyText.addEventListener("click", function () {
      self.copy(result.summary_text, status, "Summary copied. Paste it into your case notes.");
    });
    copyMarkdown.addEventListener("click", function () {
      self.copy(result.summary_markdown, status, "Summary copied as Markdown.");
    });
    var again = el("button", {
      className: "adv-button adv-button--secondary",
      type: "button",
      text: "Start a new triage",
    });
    again.addEventListener("click", function () {
      box.hidden = true;
      self.startForm.reset();
      self.startForm.hidden = false;
      self.startForm.elements.reference.focus();
    });
    box.appendChild(
      el("div", { className: "adv-button-group" }, [
        copyText,
        copyMarkdown,
        el("a", {
          className: "adv-button adv-button--secondary",
          href: base + "txt",
          download: "",
          text: "Download summary (text)",
        }),
        el("a", {
          className: "adv-button adv-button--secondary",
          href: base + "md",
          download: "",
          text: "Download summary (Markdown)",
        }),
        again,
      ]),
    );
    box.appendChild(status);
    box.hidden = false;
    focusHeading(heading);
    announce("Recommendation ready: " + recommendation.title);
  };

  Triage.prototype.copy = function (text, status, done) {
    function fallback() {
      // Without clipboard permission: select the summary so Ctrl+C copies it.
      var area = document.getElementById("case-summary");
      area.focus();
      area.select();
      status.textContent = "Press Ctrl+C (or Cmd+C) to copy the selected summary.";
    }
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      fallback();
      return;
    }
    navigator.clipboard.writeText(text).then(function () {
      status.textContent = done;
    }, fallback);
  };

  /* --- web conversations and audit log --------------------------------------------------- */

  var OUTCOME_LABELS = { triage: "Triage", handoff: "Asked for a person" };

  function Audit(root) {
    this.list = root.querySelector('[data-audit="list"]');
    root.querySelector('[data-audit="refresh"]').addEventListener("click", this.load.bind(this));
    this.load();
  }

  Audit.prototype.load = function () {
    var list = this.list;
    api("/api/v1/adviser/audit").then(
      function (entries) {
        list.textContent = "";
        if (!entries.length) {
          list.appendChild(el("p", { text: "Nobody has opened a conversation yet." }));
          return;
        }
        list.appendChild(
          el(
            "ul",
            { className: "adv-cards" },
            entries.map(function (entry) {
              return el("li", { className: "adv-card" }, [
                el("dl", { className: "adv-details" }, [
                  el("dt", { text: "When" }),
                  el("dd", { text: when(entry.at) }),
                  el("dt", { text: "Adviser" }),
                  el("dd", { text: entry.adviser_name + " (" + entry.adviser_email + ")" }),
                  el("dt", { text: "Action" }),
                  el("dd", {
                    text: entry.action === "read_transcript" ? "Read a transcript" : entry.action,
                  }),
                  el("dt", { text: "Conversation" }),
                  el("dd", { text: entry.conversation }),
                ]),
              ]);
            }),
          ),
        );
      },
      function (error) {
        list.textContent = "";
        problem(list, error.message);
      },
    );
  };

  function Conversations(root, audit) {
    this.audit = audit;
    this.form = root.querySelector('[data-conversations="filters"]');
    this.list = root.querySelector('[data-conversations="list"]');
    this.transcript = root.querySelector('[data-conversations="transcript"]');
    this.transcriptTemplate = root.querySelector('[data-conversations="transcript-template"]');
    this.turnTemplate = root.querySelector('[data-conversations="turn-template"]');
    this.form.addEventListener("submit", this.submit.bind(this));
    this.load(false);
  }

  Conversations.prototype.submit = function (event) {
    event.preventDefault();
    this.load(true);
  };

  Conversations.prototype.load = function (announceCount) {
    var self = this;
    var params = new URLSearchParams();
    ["outcome", "since", "until"].forEach(function (name) {
      var value = self.form.elements[name].value;
      if (value) params.set(name, value);
    });
    api("/api/v1/adviser/conversations?" + params.toString()).then(
      function (conversations) {
        self.render(conversations);
        if (announceCount) {
          announce(
            conversations.length +
              " conversation" +
              (conversations.length === 1 ? "" : "s") +
              " found.",
          );
        }
      },
      function (error) {
        self.list.textContent = "";
        problem(self.list, error.message);
      },
    );
  };

  Conversations.prototype.render = function (conversations) {
    var self = this;
    this.list.textContent = "";
    if (!conversations.length) {
      this.list.appendChild(el("p", { text: "No conversations match these filters." }));
      return;
    }
    this.list.appendChild(
      el(
        "ul",
        { className: "adv-cards" },
        conversations.map(function (conversation) {
          var titleId = "conversation-" + conversation.handle;
          var button = el("button", {
            className: "adv-button adv-button--secondary",
            type: "button",
            "aria-describedby": titleId,
            text: "Read transcript",
          });
          button.addEventListener("click", function () {
            self.open(conversation, button);
          });
          var outcomes = conversation.outcomes.map(function (o) {
            return OUTCOME_LABELS[o];
          });
          return el("li", { className: "adv-card" }, [
            el("h3", {
              className: "adv-card__title",
              id: titleId,
              text: "Conversation, last active " + when(conversation.last_active_at),
            }),
            conversation.safeguarding
              ? el("p", {}, [
                  el("span", { className: "adv-tag adv-tag--alert", text: "Safeguarding message" }),
                ])
              : null,
            el("dl", { className: "adv-details" }, [
              el("dt", { text: "Outcome" }),
              el("dd", { text: outcomes.join(" and ") }),
              el("dt", { text: "Messages" }),
              el("dd", { text: String(conversation.turns) }),
              el("dt", { text: "Recommendation" }),
              el("dd", { text: conversation.latest_recommendation_title || "None" }),
            ]),
            button,
          ]);
        }),
      ),
    );
  };

  Conversations.prototype.open = function (conversation, button) {
    var self = this;
    var box = this.transcript;
    api("/api/v1/adviser/conversations/" + encodeURIComponent(conversation.handle)).then(
      function (transcript) {
        box.textContent = "";
        box.appendChild(self.renderTranscript(transcript));
        var heading = box.querySelector('[data-transcript="heading"]');
        box.querySelector('[data-transcript="close"]').addEventListener("click", function () {
          box.hidden = true;
          box.textContent = "";
          button.focus();
        });
        box.hidden = false;
        focusHeading(heading);
        self.audit.load();
      },
      function (error) {
        problem(self.list, error.message);
      },
    );
  };

  /* The transcript from the page's <template> elements (console.html), filled with textContent. */
  Conversations.prototype.renderTranscript = function (transcript) {
    var fragment = this.transcriptTemplate.content.cloneNode(true);
    var turnTemplate = this.turnTemplate;
    fragment.querySelector('[data-transcript="heading"]').textContent =
      "Transcript: conversation last active " + when(transcript.last_active_at);
    fragment.querySelector('[data-transcript="outcome"]').textContent =
      "Outcome: " +
      transcript.outcomes
        .map(function (o) {
          return OUTCOME_LABELS[o];
        })
        .join(" and ");
    var turns = fragment.querySelector('[data-transcript="turns"]');
    transcript.turns.forEach(function (turn) {
      var parent = turn.sender === "user";
      var item = turnTemplate.content.firstElementChild.cloneNode(true);
      if (parent) item.classList.add("adv-turn--user");
      item.querySelector('[data-turn="speaker"]').textContent = parent ? "Parent: " : "Assistant: ";
      item.appendChild(document.createTextNode(turn.text));
      turns.appendChild(item);
    });
    return fragment;
  };

  var triageRoot = document.querySelector('[data-module="triage"]');
  if (triageRoot) new Triage(triageRoot);
  var auditRoot = document.querySelector('[data-module="audit"]');
  var audit = auditRoot ? new Audit(auditRoot) : null;
  var conversationsRoot = document.querySelector('[data-module="conversations"]');
  if (conversationsRoot) new Conversations(conversationsRoot, audit);
}

start();
