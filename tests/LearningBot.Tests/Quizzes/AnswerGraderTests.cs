using LearningBot.Quizzes;

namespace LearningBot.Tests.Quizzes;

public sealed class AnswerGraderTests
{
    private static readonly QuizQuestion.Choice Who = new(1, "Who registers the co-sell deal?", "You do.", ["You", "The partner rep", "Nobody"], 0);

    private static readonly QuizQuestion.Pick Signals = new(2, "Pick the three signals", null,
        ["Slow dashboards", "Several BI tools", "Warehouse over 10 TB", "Uses Excel", "New CFO"], 3, new HashSet<int> { 0, 1, 2 });

    private static readonly QuizQuestion.Match Benefits = new(3, "Match each signal to its benefit", null,
        [new("Slow dashboards", "Cached queries"), new("Several BI tools", "One semantic layer")], ["Cheaper storage"]);

    private static Dictionary<long, QuizAnswer> Answers(params (long Id, string?[] Keys)[] answers) =>
        answers.ToDictionary(a => a.Id, a => new QuizAnswer(a.Id, a.Keys));

    [Fact]
    public void All_right_answers_score_one_each()
    {
        var (grades, problems) = AnswerGrader.Grade([Who, Signals, Benefits],
            Answers((1, ["o0"]), (2, ["o2", "o0", "o1"]), (3, ["r0", "r1"])));

        Assert.Empty(problems);
        Assert.All(grades, g => Assert.True(g.FullyRight));
    }

    [Fact]
    public void Pick_and_match_can_be_partly_right_and_choice_cannot()
    {
        var (grades, _) = AnswerGrader.Grade([Who, Signals, Benefits],
            Answers((1, ["o1"]), (2, ["o0", "o1", "o4"]), (3, ["r0", "r2"])));

        Assert.Equal([0m, 0.667m, 0.5m], grades.Select(g => g.Score));
        Assert.Equal(["o0", "o1", "o2"], grades[1].RightKeys);
    }

    [Theory]
    [InlineData(new[] { "o0", "o1" }, "you picked 2")]
    [InlineData(new[] { "o0", "o1", "o2", "o3" }, "you picked 4")]
    public void Picking_the_wrong_number_is_a_nudge_and_nothing_is_graded(string[] keys, string expected)
    {
        var (grades, problems) = AnswerGrader.Grade([Who, Signals], Answers((1, ["o0"]), (2, keys)));

        Assert.Empty(grades);
        var problem = Assert.Single(problems);
        Assert.Contains("Pick exactly 3", problem.Nudge, StringComparison.Ordinal);
        Assert.Contains(expected, problem.Nudge, StringComparison.Ordinal);
    }

    [Fact]
    public void Unanswered_or_forged_keys_are_nudges_not_grades()
    {
        var (grades, problems) = AnswerGrader.Grade([Who, Benefits], Answers((1, ["o9"]), (3, ["r0", null])));

        Assert.Empty(grades);
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void The_stable_shuffle_gives_the_same_order_for_the_same_seed_and_keeps_every_item()
    {
        var values = Benefits.RightValues;

        var first = StableShuffle.Order(values, "lesson-1:3");
        var again = StableShuffle.Order(values, "lesson-1:3");

        Assert.Equal(first, again);
        Assert.Equal(values.Order(), first.Order());
    }
}
