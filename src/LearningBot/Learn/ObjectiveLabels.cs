namespace LearningBot.Learn;

/// <summary>What a lesson's <c>objective_kind</c> is called where sellers read it.</summary>
internal static class ObjectiveLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["what-partner-does"] = "What the partner does",
        ["joint-value"] = "Our joint value",
        ["qualify-cosell"] = "Qualifying a co-sell",
        ["why-partner-helps"] = "Why the partner helps",
        ["product-release"] = "Product release",
        ["spiff"] = "Sales incentive",
        ["other"] = "Other",
    };

    public static string Label(string objectiveKind) => Labels.GetValueOrDefault(objectiveKind, "Other");
}
