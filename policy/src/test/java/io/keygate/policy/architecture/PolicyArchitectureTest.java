package io.keygate.policy.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The domain stays readable and testable without a framework or a client library: no Spring, no
 * servlet, no Reactor, no Redis client, no Netty (the Redis store lives in infra/grant-store-redis).
 */
@AnalyzeClasses(packages = "io.keygate.policy", importOptions = ImportOption.DoNotIncludeTests.class)
class PolicyArchitectureTest {

	@ArchTest
	static final ArchRule policyDependsOnNoSpring = noClasses().that()
		.resideInAPackage("io.keygate.policy..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "jakarta.servlet..", "reactor.netty..");

	@ArchTest
	static final ArchRule policyDependsOnNoApplication = noClasses().that()
		.resideInAPackage("io.keygate.policy..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.keygate.auth..", "io.keygate.gateway..", "io.keygate.infra..", "io.keygate.grantstore..");

	@ArchTest
	static final ArchRule policyDependsOnNoClientLibrary = noClasses().that()
		.resideInAPackage("io.keygate.policy..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.lettuce..", "io.netty..", "redis..", "org.postgresql..", "org.h2..");

}
