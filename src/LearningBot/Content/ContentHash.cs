using System.Security.Cryptography;
using System.Text.Json;

namespace LearningBot.Content;

/// <summary>
/// A fingerprint of what an author wrote, so an unchanged file is recognised and a changed one gets a new version.
/// Where the file sits and what the linter derived from it are left out: moving a file does not make a new version.
/// </summary>
internal static class ContentHash
{
    public static string Of(PartnerDefinition partner) => Hash(partner with { SourcePath = "" });

    public static string Of(LessonDefinition lesson) => Hash(lesson with { SourcePath = "", EstimatedMinutes = 0 });

    private static string Hash<T>(T value) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value)));
}
