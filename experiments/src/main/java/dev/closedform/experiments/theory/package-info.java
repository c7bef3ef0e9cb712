/**
 * Three statements about closed-form last-layer training, checked by computation rather than cited: the
 * one-step identity, the spurious stationary region, and wide networks approaching kernel ridge regression.
 * Each is a {@link dev.closedform.experiments.theory.TheoryResult} with its {@link dev.closedform.experiments.theory.TheoryClaim} and verdict;
 * {@link dev.closedform.experiments.theory.TheorySuite} runs them at a chosen scale and writes {@code theory.md}, {@code theory.json}
 * and the figures.
 */
package dev.closedform.experiments.theory;
