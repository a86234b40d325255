using System.Security.Cryptography;
using System.Text;

namespace LearningBot.Quizzes;

/// <summary>
/// A shuffle that gives the same order for the same seed every time: a card rendered again after an update, or on
/// another instance, lists a match's choices in the same order, and the right answer is not always first.
/// </summary>
internal static class StableShuffle
{
    public static IReadOnlyList<T> Order<T>(IReadOnlyList<T> items, string seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var random = new Random(BitConverter.ToInt32(bytes, 0));
        var shuffled = items.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }
}
