package io.kairos.loadgen.archfixture;

/** Test fixture: a class in a load generation package, for {@code OperatorToolsRulesTest} to catch a tool using it. */
public final class LoadGeneratorStandIn {}
