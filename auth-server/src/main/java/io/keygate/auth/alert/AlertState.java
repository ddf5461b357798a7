package io.keygate.auth.alert;

/** Where an alert is in a person's hands: nobody has looked, someone is on it, it is over. */
public enum AlertState {
	OPEN, ACKNOWLEDGED, CLOSED
}
