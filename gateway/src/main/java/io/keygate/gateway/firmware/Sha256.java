package io.keygate.gateway.firmware;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

final class Sha256 {

	private Sha256() {
	}

	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM (this is a bug)", ex);
		}
	}

}
