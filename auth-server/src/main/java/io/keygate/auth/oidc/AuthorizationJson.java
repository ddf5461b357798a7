package io.keygate.auth.oidc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.WritableTypeId;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

import org.springframework.security.jackson.SecurityJacksonModules;

import io.keygate.auth.account.KeygateAuthentication;
import io.keygate.auth.account.KeygateUser;
import io.keygate.policy.identity.Role;

/**
 * The JSON of a stored authorization (columns {@code attributes} and the token metadata of
 * {@code oauth2_authorization}). Spring Security's modules, whose type allow-list refuses any
 * class it does not know when a row is read back, plus Keygate's signed-in person: an
 * authorization keeps the {@link KeygateAuthentication} that asked for the code, and the replica
 * that redeems the code builds the ID token's {@code amr}, {@code auth_time}, {@code organisation}
 * and {@code roles} from it.
 *
 * <p>The person is written as plain fields (no class names inside), and read back through
 * {@link KeygateUser}'s validating constructor, so nothing but these fields can come out of a row.
 */
final class AuthorizationJson {

	private AuthorizationJson() {
	}

	/** The mapper for JdbcOAuth2AuthorizationService's row and parameter mappers. */
	static JsonMapper mapper() {
		ClassLoader loader = AuthorizationJson.class.getClassLoader();
		// Long: the tokens' claims are kept with the authorization, and auth_time is in epoch seconds.
		BasicPolymorphicTypeValidator.Builder allowed = BasicPolymorphicTypeValidator.builder()
			.allowIfSubType(KeygateAuthentication.class)
			.allowIfSubType(Long.class);
		return JsonMapper.builder()
			.addModules(SecurityJacksonModules.getModules(loader, allowed))
			.addModule(new SimpleModule("keygate-authentication")
				.addSerializer(KeygateAuthentication.class, new AuthenticationSerializer())
				.addDeserializer(KeygateAuthentication.class, new AuthenticationDeserializer()))
			.build();
	}

	static final class AuthenticationSerializer extends StdSerializer<KeygateAuthentication> {

		AuthenticationSerializer() {
			super(KeygateAuthentication.class);
		}

		@Override
		public void serialize(KeygateAuthentication authentication, JsonGenerator json, SerializationContext context) {
			json.writeStartObject();
			fields(authentication.getPrincipal(), json);
			json.writeEndObject();
		}

		/** Stored as a value of type Object, so with the class name Spring Security's reader expects. */
		@Override
		public void serializeWithType(KeygateAuthentication authentication, JsonGenerator json, SerializationContext context,
				TypeSerializer types) {
			WritableTypeId typeId = types.writeTypePrefix(json, context, types.typeId(authentication, JsonToken.START_OBJECT));
			fields(authentication.getPrincipal(), json);
			types.writeTypeSuffix(json, context, typeId);
		}

		private static void fields(KeygateUser user, JsonGenerator json) {
			json.writeStringProperty("subject", user.subject());
			json.writeStringProperty("organisation", user.organisation());
			json.writeArrayPropertyStart("roles");
			user.roles().stream().map(Role::name).sorted().forEach(json::writeString);
			json.writeEndArray();
			json.writeStringProperty("displayName", user.displayName());
			json.writeStringProperty("authTime", user.authTime().toString());
			json.writeArrayPropertyStart("amr");
			user.amr().forEach(json::writeString);
			json.writeEndArray();
			json.writeStringProperty("credentialId", user.credentialId());
		}

	}

	static final class AuthenticationDeserializer extends StdDeserializer<KeygateAuthentication> {

		AuthenticationDeserializer() {
			super(KeygateAuthentication.class);
		}

		@Override
		public KeygateAuthentication deserialize(JsonParser parser, DeserializationContext context) {
			JsonNode node = context.readTree(parser);
			Set<Role> roles = new LinkedHashSet<>();
			for (String role : strings(node, "roles")) {
				roles.add(Role.valueOf(role));
			}
			KeygateUser user = new KeygateUser(text(node, "subject"), text(node, "organisation"), roles,
					text(node, "displayName"), Instant.parse(text(node, "authTime")), strings(node, "amr"),
					text(node, "credentialId"));
			return new KeygateAuthentication(user);
		}

		private static String text(JsonNode node, String field) {
			JsonNode value = node.get(field);
			if (value == null || !value.isString()) {
				throw new IllegalArgumentException("stored sign-in has no " + field);
			}
			return value.asString();
		}

		private static List<String> strings(JsonNode node, String field) {
			JsonNode values = node.get(field);
			if (values == null || !values.isArray()) {
				throw new IllegalArgumentException("stored sign-in has no " + field);
			}
			List<String> strings = new ArrayList<>();
			values.forEach(value -> strings.add(value.asString()));
			return strings;
		}

	}

}
