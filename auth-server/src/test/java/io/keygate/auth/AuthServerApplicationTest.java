package io.keygate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class AuthServerApplicationTest {

	@Autowired
	ApplicationContext context;

	@Test
	void startWhenConfiguredThenNoPasswordUserExists() {
		assertThat(this.context.getBeanNamesForType(UserDetailsService.class)).isEmpty();
	}

}
