package io.keygate.auth.siem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogSpoolTest {

	@TempDir
	Path directory;

	private static List<Long> sequences(long from, long to) {
		return LongStream.rangeClosed(from, to).boxed().toList();
	}

	private static List<String> messages(List<Long> sequences) {
		return sequences.stream().map(sequence -> "message " + sequence + " " + "x".repeat(80)).toList();
	}

	private static List<Long> read(SyslogSpool spool, int max) throws Exception {
		return spool.next(max, 0).stream().map(SyslogSpool.Record::sequence).toList();
	}

	@Test
	void offerWhenBeyondTheBoundThenTakesWhatFitsAndNoMore() throws Exception {
		SyslogSpool spool = new SyslogSpool(this.directory, 4096);
		List<Long> sequences = sequences(1, 100);
		int taken = spool.offer(sequences, messages(sequences));
		assertThat(taken).isBetween(1, 99);
		assertThat(spool.bytes()).isLessThanOrEqualTo(4096);
		assertThat(spool.offer(List.of(101L), messages(List.of(101L)))).isZero();
		assertThat(spool.lastSequence()).isEqualTo(taken);
	}

	@Test
	void nextWhenRewoundThenUnacknowledgedRecordsComeAgain() throws Exception {
		SyslogSpool spool = new SyslogSpool(this.directory, 1024 * 1024);
		spool.offer(sequences(1, 10), messages(sequences(1, 10)));
		List<SyslogSpool.Record> first = spool.next(4, 0);
		spool.acknowledge(first.get(first.size() - 1).end());
		assertThat(read(spool, 3)).containsExactly(5L, 6L, 7L);
		spool.rewind();
		assertThat(read(spool, 100)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
	}

	@Test
	void reopenWhenAcknowledgedAndCutLineThenResumesAfterTheAckWithoutTheCutRecord() throws Exception {
		SyslogSpool spool = new SyslogSpool(this.directory, 1024 * 1024);
		spool.offer(sequences(1, 5), messages(sequences(1, 5)));
		List<SyslogSpool.Record> two = spool.next(2, 0);
		spool.acknowledge(two.get(1).end());
		Path segment;
		try (Stream<Path> files = Files.list(this.directory)) {
			segment = files.filter(path -> path.toString().endsWith(".spool")).findFirst().orElseThrow();
		}
		Files.writeString(segment, "6 half a mess", StandardOpenOption.APPEND);

		SyslogSpool reopened = new SyslogSpool(this.directory, 1024 * 1024);
		assertThat(reopened.lastSequence()).isEqualTo(5);
		reopened.offer(List.of(6L), messages(List.of(6L)));
		assertThat(read(reopened, 100)).containsExactly(3L, 4L, 5L, 6L);
	}

	@Test
	void acknowledgeWhenSegmentsFullyDeliveredThenTheirFilesAreDeleted() throws Exception {
		SyslogSpool spool = new SyslogSpool(this.directory, 16 * 1024);
		List<Long> all = new ArrayList<>();
		for (long from = 1; from <= 120; from += 10) {
			List<Long> batch = sequences(from, from + 9);
			assertThat(spool.offer(batch, messages(batch))).isEqualTo(10);
			List<SyslogSpool.Record> records = spool.next(100, 0);
			records.forEach(record -> all.add(record.sequence()));
			spool.acknowledge(records.get(records.size() - 1).end());
		}
		assertThat(all).containsExactlyElementsOf(sequences(1, 120));
		try (Stream<Path> files = Files.list(this.directory)) {
			assertThat(files.filter(path -> path.toString().endsWith(".spool")).count()).isLessThanOrEqualTo(1);
		}
		assertThat(spool.bytes()).isZero();
	}

}
