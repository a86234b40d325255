using LearningBot.Reinforcement;

namespace LearningBot.Tests.Reinforcement;

/// <summary>FSRS-6 pinned to the reference implementation's golden vectors (each review on its due day).</summary>
public sealed class FsrsTests
{
    private static List<(double Stability, double Difficulty, int Interval)> Run(Fsrs fsrs, params Grade[] grades)
    {
        var results = new List<(double, double, int)>();
        MemoryState? state = null;
        var elapsed = 0;
        foreach (var grade in grades)
        {
            var review = fsrs.Review(state, grade, elapsed);
            results.Add((review.State.Stability, review.State.Difficulty, review.IntervalDays));
            state = review.State;
            elapsed = review.IntervalDays;
        }

        return results;
    }

    private static void AssertVector(
        List<(double Stability, double Difficulty, int Interval)> actual, params (double S, double D, int I)[] expected)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].S, Math.Round(actual[i].Stability, 2));
            Assert.Equal(expected[i].D, Math.Round(actual[i].Difficulty, 2));
            Assert.Equal(expected[i].I, actual[i].Interval);
        }
    }

    [Fact]
    public void Five_good_answers_follow_the_golden_vector()
    {
        AssertVector(
            Run(new Fsrs(), Grade.Good, Grade.Good, Grade.Good, Grade.Good, Grade.Good),
            (2.31, 2.12, 2), (10.96, 2.11, 11), (46.28, 2.10, 46), (162.86, 2.10, 163), (497.45, 2.09, 497));
    }

    [Fact]
    public void A_first_miss_then_good_answers_follow_the_golden_vector()
    {
        AssertVector(
            Run(new Fsrs(), Grade.Again, Grade.Good, Grade.Good, Grade.Good, Grade.Good),
            (0.21, 6.41, 1), (1.89, 6.40, 2), (6.27, 6.39, 6), (17.38, 6.38, 17), (43.84, 6.37, 44));
    }

    [Fact]
    public void A_lapse_after_a_good_answer_follows_the_golden_vector()
    {
        AssertVector(
            Run(new Fsrs(), Grade.Good, Grade.Again, Grade.Good, Grade.Good, Grade.Good),
            (2.31, 2.12, 2), (0.61, 7.39, 1), (2.40, 7.38, 2), (5.94, 7.37, 6), (14.63, 7.36, 15));
    }

    [Theory]
    [InlineData(new[] { 3, 3, 3 }, new[] { 4, 31, 173 })]
    [InlineData(new[] { 1, 3, 3, 3, 3 }, new[] { 1, 4, 17, 61, 192 })]
    [InlineData(new[] { 3, 1, 3, 3, 3 }, new[] { 4, 1, 5, 17, 53 })]
    public void A_lower_desired_retention_gives_the_golden_intervals(int[] grades, int[] intervals)
    {
        Assert.Equal(intervals, Run(new Fsrs(0.85), [.. grades.Select(g => (Grade)g)]).Select(r => r.Interval));
    }

    [Fact]
    public void Recall_at_the_stability_is_exactly_the_reference_ninety_percent()
    {
        var fsrs = new Fsrs();
        Assert.Equal(0.9, fsrs.Retrievability(7.5, 7.5), 12);
        Assert.Equal(1.0, fsrs.Retrievability(0, 7.5), 12);
    }

    [Fact]
    public void A_missed_question_is_forgotten_within_days()
    {
        var fsrs = new Fsrs();
        var missed = fsrs.Review(null, Grade.Again, 0).State;
        Assert.Equal(0.77, Math.Round(fsrs.Retrievability(1, missed.Stability), 2));
        Assert.Equal(0.70, Math.Round(fsrs.Retrievability(2, missed.Stability), 2));
    }

    [Fact]
    public void A_same_day_good_review_never_lowers_stability_and_a_same_day_miss_does()
    {
        var fsrs = new Fsrs();
        var first = fsrs.Review(null, Grade.Good, 0).State;
        var again = fsrs.Review(first, Grade.Good, 0.25);
        var miss = fsrs.Review(first, Grade.Again, 0.25);

        Assert.True(again.State.Stability >= first.Stability);
        Assert.True(miss.State.Stability < first.Stability);
        Assert.True(miss.State.Difficulty > first.Difficulty);
        Assert.InRange(again.Retrievability, 0.97, 1);
    }

    [Fact]
    public void A_hard_answer_grows_stability_less_than_a_good_one()
    {
        var fsrs = new Fsrs();
        var first = fsrs.Review(null, Grade.Good, 0).State;
        var hard = fsrs.Review(first, Grade.Hard, 2).State;
        var good = fsrs.Review(first, Grade.Good, 2).State;

        Assert.True(hard.Stability > first.Stability);
        Assert.True(hard.Stability < good.Stability);
        Assert.True(hard.Difficulty > good.Difficulty);
    }

    [Fact]
    public void A_very_late_review_earns_a_larger_gain_and_recall_at_that_moment_is_low()
    {
        var fsrs = new Fsrs();
        var first = fsrs.Review(null, Grade.Good, 0).State;
        var onTime = fsrs.Review(first, Grade.Good, 2);
        var late = fsrs.Review(first, Grade.Good, 120);

        Assert.True(late.Retrievability < 0.6);
        Assert.True(late.State.Stability > onTime.State.Stability);
    }

    [Fact]
    public void A_lapse_never_leaves_more_stability_than_before()
    {
        var fsrs = new Fsrs();
        var state = new MemoryState(300, 3);
        var lapse = fsrs.Review(state, Grade.Again, 900);

        Assert.True(lapse.State.Stability < state.Stability);
        Assert.Equal(1, fsrs.IntervalDays(0.001));
        Assert.Equal(Fsrs.MaximumIntervalDays, fsrs.IntervalDays(1e9));
    }

    [Fact]
    public void Difficulty_stays_between_one_and_ten()
    {
        var fsrs = new Fsrs();
        MemoryState? state = null;
        for (var i = 0; i < 40; i++)
            state = fsrs.Review(state, Grade.Again, 1).State;
        Assert.InRange(state!.Value.Difficulty, 9.9, 10);

        for (var i = 0; i < 400; i++)
            state = fsrs.Review(state, Grade.Easy, 1).State;
        Assert.InRange(state!.Value.Difficulty, 1, 10);
    }
}
