package io.keygate.auth.firmware;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import io.keygate.auth.evidence.FirmwareEvidence;
import io.keygate.policy.firmware.AllowListEntry;
import io.keygate.policy.firmware.HeldImage;

/**
 * What the firmware gate shows an auditor for CIP-013-2 R1.2.5: the allow-list as recorded (who
 * verified each image, how, when) and the holds open now or decided in the period. The register is
 * read as it stands; a register that is down fails the evidence pack rather than showing an empty
 * list as if nothing had been held.
 */
@Component
class FirmwareEvidenceSource implements FirmwareEvidence {

	private final FirmwareAllowList allowList;

	private final HeldImageDecisions holds;

	FirmwareEvidenceSource(FirmwareAllowList allowList, HeldImageDecisions holds) {
		this.allowList = allowList;
		this.holds = holds;
	}

	@Override
	public List<AllowedImage> allowList() {
		return this.allowList.entries()
			.stream()
			.map(FirmwareEvidenceSource::allowed)
			.toList();
	}

	@Override
	public List<Hold> holds(Instant from, Instant to) {
		return this.holds.held()
			.stream()
			.filter(image -> image.state() == HeldImage.State.HELD
					|| (!image.decidedAt().isBefore(from) && image.decidedAt().isBefore(to)))
			.map(FirmwareEvidenceSource::hold)
			.toList();
	}

	private static AllowedImage allowed(AllowListEntry entry) {
		return new AllowedImage(entry.hash().hex(), entry.vendor(), entry.model(), entry.version(), entry.verification(),
				entry.addedBy(), entry.addedAt());
	}

	private static Hold hold(HeldImage image) {
		return new Hold(image.hash().hex(), image.organisation(), image.target(), image.uploader(), image.heldAt(),
				image.state() == HeldImage.State.HELD ? "" : image.state().name(),
				image.decidedBy() == null ? "" : image.decidedBy(), image.decidedAt());
	}

}
