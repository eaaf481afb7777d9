/**
 * The fact model DRL rules see. Java inserts the observations (hosts, their registers, the
 * default masks of each set of guests that share them, and where the hosts differ); rules derive {@link io.cpuidmask.facts.HiddenBit},
 * {@link io.cpuidmask.facts.Finding} and {@link io.cpuidmask.facts.Verdict} facts from them.
 * See docs/RULES.md for the reference.
 */
package io.cpuidmask.facts;
