/* Directory filters, progressive enhancement: a search box above long option lists (concepts, regions), and
   automatic submit when the sort order changes. Without JavaScript the lists are plain checkboxes. */
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

    document.querySelectorAll(".js-autosubmit").forEach(function (select) {
        select.addEventListener("change", function () {
            if (select.form) {
                select.form.submit();
            }
        });
    });
})();
