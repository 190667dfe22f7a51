package vn.eccd.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import vn.eccd.bench.Geography.Commune;

/** Test helper: runs the generator in memory. */
final class Collecting implements Generator.Sink {
	record CommuneVisits(Commune commune, Generator.Entry station, List<Generator.Visit> visits) {
	}

	final List<CommuneVisits> communes = new ArrayList<>();

	@Override
	public void commune(Commune commune, Generator.Entry station, List<Generator.Visit> visits) {
		communes.add(new CommuneVisits(commune, station, new ArrayList<>(visits)));
	}

	static final LocalDate AS_OF = LocalDate.of(2025, 10, 31);

	static Generator.Config config(long seed, int children) {
		return new Generator.Config(seed, List.of("38"), children, AS_OF);
	}
}
