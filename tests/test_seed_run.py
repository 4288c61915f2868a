"""`python -m geo import-seed` regenerates every shipped file of the seed importers byte
for byte, and two runs give the same bytes."""
import pytest

from geo.model.paths import DATA
from geo.seed.run import run


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    first, second = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")
    return first, second, run(first), run(second)


def test_every_importer_output_is_written(two_runs):
    _, _, written, _ = two_runs
    assert set(written) >= {"territory/epci_groupings.csv", "contracts/key_figures.csv",
                            "presence/presence.csv", "contracts/projects.csv",
                            "contracts/project_sources.csv"}


def test_reimport_is_byte_identical_to_the_shipped_files(two_runs):
    first, second, written, again = two_runs
    assert written == again
    for relative in written:
        shipped = (DATA / relative).read_bytes()
        assert (first / relative).read_bytes() == shipped, relative
        assert (second / relative).read_bytes() == shipped, relative
