package io.keygate.auth.access.portal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.keygate.auth.web.RefusedException;

/** A refused page view answers a plain page saying why, with its status; never a stack trace. */
@ControllerAdvice(assignableTypes = { PortalHomeController.class, VendorPagesController.class, ApproverPagesController.class,
		OrganisationPagesController.class, AdminPagesController.class })
public class PortalAdvice {

	private static final Logger log = LoggerFactory.getLogger(PortalAdvice.class);

	@ExceptionHandler(RefusedException.class)
	public String refused(RefusedException ex, Model model, jakarta.servlet.http.HttpServletResponse response) {
		response.setStatus(ex.refusal().status().value());
		model.addAttribute("message", ex.userMessage());
		return "access/refused";
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	public String missing(MissingServletRequestParameterException ex, Model model) {
		log.info("portal form incomplete: {}", ex.getMessage());
		model.addAttribute("message", "The form was incomplete: please fill in every field.");
		return "access/refused";
	}

}
