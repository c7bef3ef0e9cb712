package dev.closedform.experiments.reproduce;

import dev.closedform.experiments.theory.TheoryClaim.Verdict;

/** An experiment's verdict on its claim and the sentence that says why, with the numbers. */
public record Judgement(Verdict verdict, String result) {

    public static Judgement holds(String result) {
        return new Judgement(Verdict.HOLDS, result);
    }

    public static Judgement doesNotHold(String result) {
        return new Judgement(Verdict.DOES_NOT_HOLD, result);
    }

    public static Judgement notTestable(String result) {
        return new Judgement(Verdict.NOT_TESTABLE, result);
    }
}
