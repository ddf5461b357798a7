package io.keygate.auth.evidence;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The report as JSON for tools: the requirements and every evidence section, times in ISO-8601. */
public final class EvidenceJson {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private EvidenceJson() {
	}

	public static String render(EvidenceReport report) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("format", "keygate-evidence/1");
		document.put("requirements", EvidenceRequirements.ALL);
		document.put("report", report);
		return JSON.writeValueAsString(document);
	}

}
