package io.keygate.auth.breach;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** A declaration, its counts and its receipts as the JSON API and the result page show them. */
@Component
public class BreachViews {

	private final BreachReceipts receipts;

	private final KeyQuarantineQueries quarantined;

	public BreachViews(BreachReceipts receipts, KeyQuarantineQueries quarantined) {
		this.receipts = receipts;
		this.quarantined = quarantined;
	}

	public Map<String, Object> view(Declaration d) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", d.id());
		view.put("organisation", d.organisation());
		view.put("windowFrom", d.window().from().toString());
		view.put("windowTo", d.window().to().toString());
		view.put("reference", d.reference());
		view.put("state", d.state().name());
		view.put("draftedBy", d.draftedBy());
		view.put("secondAdmin", d.secondAdmin() == null ? "" : d.secondAdmin());
		if (d.declaredAt() != null) {
			view.put("declaredAt", d.declaredAt().toString());
			view.put("grantsEnded", d.grantsEnded());
			view.put("scheduledCancelled", d.scheduledCancelled());
			view.put("keysQuarantined", d.keysQuarantined());
			view.put("peopleQuarantined", d.peopleQuarantined());
			view.put("quarantinedPeople", this.quarantined.subjectsOf(d.id()));
			view.put("strictUntil", d.strictUntil() == null ? "" : d.strictUntil().toString());
			view.put("firmwareDistrust", d.firmwareDistrust());
			view.put("huntEvents", d.huntEvents());
			List<Map<String, Object>> receipts = this.receipts.of(d).stream().map(s -> {
				Map<String, Object> r = new LinkedHashMap<>();
				r.put("gatewayInstance", s.gatewayInstance());
				r.put("state", s.state().name());
				r.put("sessionsClosed", s.sessionsClosed());
				r.put("at", s.at() == null ? "" : s.at().toString());
				return r;
			}).toList();
			view.put("receipts", receipts);
		}
		if (d.resumedAt() != null) {
			view.put("resumedBy", d.resumedBy());
			view.put("resumedAt", d.resumedAt().toString());
			view.put("resumeTerms", d.resumeTerms());
		}
		return view;
	}

}
