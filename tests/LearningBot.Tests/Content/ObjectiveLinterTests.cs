using LearningBot.Content;

namespace LearningBot.Tests.Content;

public sealed class ObjectiveLinterTests
{
    [Theory]
    [InlineData("List the three entry questions that qualify a Northwind co-sell")]
    [InlineData("Qualify a co-sell opportunity with Northwind using the three entry questions")]
    [InlineData("Learners will be able to explain why Harborlight answers within 15 minutes")]
    [InlineData("Learner can: match each pain to its joint answer")]
    [InlineData("Compare building billing in-house with Tessera on time, risk and cost")]
    [InlineData("Handle the objection \"we already have a SIEM\" with the Harborlight answer")]
    [InlineData("Name the two problems Northwind solves, e.g. slow dashboards")]
    [InlineData("Calculate the spiff for two deals in the U.S. region")]
    [InlineData("Explain the cost and use of Northwind's cache")]
    [InlineData("Identify which customers need Tessera from how they charge their own users")]
    public void Single_observable_objective_passes(string objective)
    {
        Assert.Empty(ObjectiveLinter.Check(objective));
    }

    [Theory]
    [InlineData("Review new features of ABC product and their benefits", "review", "List new features of ABC product and their benefits")]
    [InlineData("Understand how Northwind caches queries", "understand", "Explain how Northwind caches queries")]
    [InlineData("Know the three entry questions", "know", "Name the three entry questions")]
    [InlineData("Familiarize yourself with Harborlight's services", "familiarize yourself with", "Describe Harborlight's services")]
    [InlineData("Go over the spiff rules", "go over", "List the spiff rules")]
    [InlineData("Learners will be able to appreciate the joint value", "appreciate", "Explain the joint value")]
    [InlineData("Demonstrate an understanding of usage billing", "demonstrate an understanding of", "Explain usage billing")]
    [InlineData("Explore Tessera's pricing options", "explore", "Describe Tessera's pricing options")]
    public void Passive_objective_is_refused_with_a_rewrite_to_use_instead(string objective, string verb, string rewrite)
    {
        var problem = Assert.Single(ObjectiveLinter.Check(objective));

        Assert.Equal($"objective uses the passive verb \"{verb}\"; say what the learner will be able to do, for example \"{rewrite}\"", problem);
    }

    [Theory]
    [InlineData("List the three signals and explain why each matters", "and explain")]
    [InlineData("Name the partner's products, then position them against build-it-yourself", "then position")]
    [InlineData("Identify the buyer as well as qualify the budget", "as well as qualify")]
    [InlineData("List the signals and use the checklist", "and use")]
    public void Two_objectives_joined_in_one_line_are_refused(string objective, string joined)
    {
        var problem = Assert.Single(ObjectiveLinter.Check(objective));

        Assert.Contains($"(\"... {joined} ...\")", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("List the three signals. Explain each one.")]
    [InlineData("List the three signals; explain each one")]
    [InlineData("Name the products! Then rank them")]
    public void Second_sentence_is_refused(string objective)
    {
        var problem = Assert.Single(ObjectiveLinter.Check(objective));

        Assert.StartsWith("objective has more than one sentence", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Passive_objective_with_a_second_objective_gets_both_findings()
    {
        Assert.Equal(2, ObjectiveLinter.Check("Review the features and explain the benefits").Count);
    }
}
