"""The app's own words, for clinicians and for patients (the audience switch)."""

WORDING = {
    "clinician": {
        "search": "Search and read",
        "compare": "Compare treatments",
        "questions": "My questions",
        "placeholder": "Search, e.g. liver metastases immunotherapy, CRLM, TACE",
    },
    "patient": {
        "search": "Find and read",
        "compare": "Compare treatments",
        "questions": "Questions for my doctor",
        "placeholder": "Type a few words, like: liver spots treatment",
    },
}
