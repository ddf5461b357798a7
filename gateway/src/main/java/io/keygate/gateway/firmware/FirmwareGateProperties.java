package io.keygate.gateway.firmware;

import java.nio.file.Path;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The firmware gate's settings, under {@code keygate.gateway.firmware.*}. Which paths are firmware
 * paths and how large an upload may be are per target, in the catalogue.
 *
 * @param spoolDirectory where uploads are written while hashed (each file bounded by its target's
 * {@code max-size}, deleted after the verdict); put it on a disk with room for the concurrent uploads
 * (default {@code keygate-firmware/spool} in the JVM's temporary directory)
 * @param holdDirectory where held images are kept, content-addressed, as evidence and for release
 * (default {@code keygate-firmware/held} in the JVM's temporary directory)
 * @param holdCapacity how many bytes the held images may take; beyond it an image is still held
 * (never forwarded) but not kept, and the refusal says so
 * @param instanceId this gateway's name on held-image records
 * @param concurrentUploads how many uploads may be spooled at once (default 4); one more is refused
 * ({@code STORE_UNAVAILABLE}, try again), so the spool never takes more than this many times the
 * largest target {@code max-size}
 */
@Validated
@ConfigurationProperties("keygate.gateway.firmware")
public record FirmwareGateProperties(@NotNull Path spoolDirectory, @NotNull Path holdDirectory,
		@NotNull @DefaultValue("4GB") DataSize holdCapacity,
		@NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}") @DefaultValue("gateway") String instanceId,
		@Min(1) @DefaultValue("4") int concurrentUploads) {

	/**
	 * The directories default here, not in {@code @DefaultValue}: Boot converts a default value but
	 * never resolves a placeholder in it, so {@code "${java.io.tmpdir}/..."} there was a literal folder
	 * named {@code ${java.io.tmpdir}} under the working directory.
	 */
	public FirmwareGateProperties {
		Path temporary = Path.of(System.getProperty("java.io.tmpdir"), "keygate-firmware");
		spoolDirectory = spoolDirectory == null ? temporary.resolve("spool") : spoolDirectory;
		holdDirectory = holdDirectory == null ? temporary.resolve("held") : holdDirectory;
	}

}
