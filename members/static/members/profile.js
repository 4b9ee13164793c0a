// A search box above each concept multi-select: filters options by any label or synonym (en, nl, de).
(function () {
    "use strict";
    var i18n = {};
    try { i18n = JSON.parse(document.getElementById("members-i18n").textContent); } catch (e) { i18n = {}; }
    function normalise(text) {
        return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    document.querySelectorAll("select[data-concept-select]").forEach(function (select, index) {
        var input = document.createElement("input");
        input.type = "search";
        input.id = "concept-filter-" + index;
        input.placeholder = i18n.placeholder || "";
        input.setAttribute("aria-label", i18n.filter || "Filter");
        input.setAttribute("aria-controls", select.id);
        input.className = "members-concept-filter";
        select.parentNode.insertBefore(input, select);
        input.addEventListener("input", function () {
            var wanted = normalise(input.value.trim());
            Array.prototype.forEach.call(select.options, function (option) {
                var haystack = normalise(option.text + " | " + (option.getAttribute("data-terms") || ""));
                option.hidden = wanted !== "" && !option.selected && haystack.indexOf(wanted) === -1;
            });
        });
    });
})();
