package io.keygate.auth.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Tomcat refuses before the application sees them (a path with an encoded slash or bytes
 * that are not UTF-8, a malformed request line) are answered by the host's error report valve,
 * not by {@code /error}: Tomcat's HTML "HTTP Status 400" page. This valve answers them as a
 * problem document like every other refusal of the auth server, with nothing from the failure.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
		// The host instantiates its error report valve by class name when it starts.
		return factory -> factory.addContextCustomizers(context -> {
			Host host = (Host) context.getParent();
			if (host instanceof StandardHost standard) {
				standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

	/** Tomcat's error report, as an RFC 9457 problem document; public for Tomcat's reflection. */
	public static final class ProblemErrorReportValve extends ErrorReportValve {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			AtomicBoolean io = new AtomicBoolean(false);
			response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, io);
			if (!io.get()) {
				return;
			}
			Refusal refusal = ErrorPageController.forStatus(status);
			try {
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.setCharacterEncoding("UTF-8");
				PrintWriter writer = response.getReporter();
				if (writer != null) {
					writer.write(JSON.writeValueAsString(ProblemResponses.document(status, refusal, refusal.message(), null)));
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The connection is gone or the response was taken: nothing more to say.
			}
		}

	}

}
