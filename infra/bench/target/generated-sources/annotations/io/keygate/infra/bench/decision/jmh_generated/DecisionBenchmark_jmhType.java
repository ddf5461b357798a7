package io.keygate.infra.bench.decision.jmh_generated;
public class DecisionBenchmark_jmhType extends DecisionBenchmark_jmhType_B3 {
}

