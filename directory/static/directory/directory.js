/* Directory filters, progressive enhancement: a search box above long option lists (concepts, regions), automatic
   submit when the sort order changes, and suggestions under the search box (organisations and technologies, from
   /api/directory/autocomplete/, an ARIA 1.2 combobox). Without JavaScript the lists are plain checkboxes and the
   search box a plain text field. */
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    function fold(text) {
        return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }

    document.querySelectorAll(".js-multiselect").forEach(function (fieldset) {
        var box = fieldset.querySelector(".facet__filter");
        var input = fieldset.querySelector(".js-multiselect-input");
        var options = Array.prototype.slice.call(fieldset.querySelectorAll(".facet__option"));
        var groups = Array.prototype.slice.call(fieldset.querySelectorAll(".facet__group"));
        var noMatch = fieldset.querySelector(".facet__no-match");
        if (!box || !input || options.length < 8) {
            return;
        }
        box.hidden = false;
        input.addEventListener("input", function () {
            var wanted = fold(input.value.trim());
            var shown = 0;
            options.forEach(function (option) {
                var checkbox = option.querySelector("input");
                var label = fold(option.textContent);
                var visible = !wanted || label.indexOf(wanted) !== -1 || (checkbox && checkbox.checked);
                option.hidden = !visible;
                if (visible) {
                    shown += 1;
                }
            });
            groups.forEach(function (group) {
                var next = group.nextElementSibling;
                var any = false;
                while (next && !next.classList.contains("facet__group")) {
                    if (!next.hidden) {
                        any = true;
                    }
                    next = next.nextElementSibling;
                }
                group.hidden = !any;
            });
            if (noMatch) {
                noMatch.hidden = shown > 0;
            }
        });
        input.addEventListener("keydown", function (event) {
            if (event.key === "Enter") {
                event.preventDefault();
            }
        });
    });

    document.querySelectorAll(".js-autocomplete").forEach(function (input) {
        var list = document.getElementById(input.id + "_suggestions");
        var status = document.getElementById(input.id + "_status");
        if (!list || !window.fetch) {
            return;
        }
        var items = [];
        var active = -1;
        var timer = null;
        var controller = null;
        var lastQuery = null;

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", list.id);

        function say(text) {
            if (status) {
                status.textContent = text;
            }
        }

        function close() {
            list.hidden = true;
            list.innerHTML = "";
            items = [];
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(index) {
            items.forEach(function (item, i) {
                item.element.setAttribute("aria-selected", i === index ? "true" : "false");
            });
            active = index;
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", items[index].element.id);
                items[index].element.scrollIntoView({block: "nearest"});
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function choose(index) {
            var item = items[index];
            if (item && item.url) {
                window.location.assign(item.url);
            }
        }

        function render(suggestions) {
            list.innerHTML = "";
            items = [];
            active = -1;
            suggestions.forEach(function (suggestion, i) {
                var option = document.createElement("li");
                option.id = input.id + "_option_" + i;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.className = "autocomplete__option autocomplete__option--" + suggestion.kind;
                var label = document.createElement("span");
                label.className = "autocomplete__label";
                label.textContent = suggestion.label;
                var kind = document.createElement("span");
                kind.className = "autocomplete__kind";
                kind.textContent = suggestion.kind === "organisation"
                    ? input.dataset.labelOrganisation
                    : input.dataset.labelConcept;
                option.appendChild(label);
                option.appendChild(document.createTextNode(" "));
                option.appendChild(kind);
                option.addEventListener("mousedown", function (event) {
                    event.preventDefault();  // keep the focus in the search box
                });
                option.addEventListener("click", function () {
                    choose(i);
                });
                list.appendChild(option);
                items.push({element: option, url: suggestion.url});
            });
            var open = items.length > 0;
            list.hidden = !open;
            input.setAttribute("aria-expanded", open ? "true" : "false");
            input.removeAttribute("aria-activedescendant");
            say(open
                ? input.dataset.statusSome.replace("%(count)s", String(items.length))
                : input.dataset.statusNone);
        }

        function lookup() {
            var query = input.value.trim();
            if (query === lastQuery) {
                return;
            }
            lastQuery = query;
            if (query.replace(/\s+/g, "").length < 3) {
                close();
                say("");
                return;
            }
            if (controller) {
                controller.abort();
            }
            controller = window.AbortController ? new AbortController() : null;
            var url = input.dataset.url + "?" + new URLSearchParams({q: query, lang: input.dataset.lang || "en"});
            fetch(url, {headers: {Accept: "application/json"}, signal: controller ? controller.signal : undefined})
                .then(function (response) {
                    return response.ok ? response.json() : {suggestions: []};
                })
                .then(function (data) {
                    if (input.value.trim() === query && document.activeElement === input) {
                        render(data.suggestions || []);
                    }
                })
                .catch(function () {
                    /* aborted or offline: the search box still works as a plain field */
                });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(lookup, 150);
        });
        input.addEventListener("keydown", function (event) {
            var open = !list.hidden && items.length > 0;
            if (event.key === "ArrowDown") {
                if (!open) {
                    lastQuery = null;
                    lookup();
                    return;
                }
                event.preventDefault();
                highlight(active + 1 >= items.length ? 0 : active + 1);
            } else if (event.key === "ArrowUp" && open) {
                event.preventDefault();
                highlight(active <= 0 ? items.length - 1 : active - 1);
            } else if (event.key === "Enter" && open && active >= 0) {
                event.preventDefault();
                choose(active);
            } else if (event.key === "Escape" && open) {
                event.preventDefault();
                close();
            } else if (event.key === "Tab") {
                close();
            }
        });
        input.addEventListener("blur", function () {
            window.setTimeout(close, 100);
        });
    });

    document.querySelectorAll(".js-autosubmit").forEach(function (select) {
        select.addEventListener("change", function () {
            if (select.form) {
                select.form.submit();
            }
        });
    });
})();
