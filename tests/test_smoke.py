from conftest import GOOD_MODEL, finding, weekly_csv


def test_good_model_passes_every_applicable_rule(registry):
    registry.model("scoring", csv=weekly_csv())
    report = registry.evaluate()
    model = report.model("scoring")
    assert model.status == "pass", [(f.rule, f.status, f.message) for f in model.findings]
    assert finding(report, "scoring", "owner-explicit").status == "pass"
    assert GOOD_MODEL
