namespace LearningBot.Reinforcement;

/// <summary>How a seller did on one question: wrong, partly right (pick/match) or right. FSRS's Easy is never given.</summary>
internal enum Grade
{
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

/// <summary>What the scheduler knows about one (seller, question): stability in days and difficulty in [1, 10].</summary>
internal readonly record struct MemoryState(double Stability, double Difficulty);

/// <summary>One review's outcome: the new state, the recall the seller had at the moment of review, and the next interval.</summary>
internal readonly record struct FsrsReview(MemoryState State, double Retrievability, int IntervalDays);

/// <summary>
/// The FSRS-6 scheduler as a pure function of (state, grade, elapsed days): no learning steps, no fuzz.
/// Written from the published formulas; the golden vectors in the tests pin it to the reference implementation.
/// </summary>
internal sealed class Fsrs
{
    public const int MaximumIntervalDays = 36_500;
    private const double MinimumStability = 0.001;
    private const double MaximumInitialStability = 100;

    /// <summary>FSRS-6 defaults w0..w20 (the vector published in 2025).</summary>
    public static readonly IReadOnlyList<double> DefaultWeights =
    [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ];

    private readonly double[] w;
    private readonly double decay;
    private readonly double factor;

    public Fsrs(double desiredRetention = 0.9, IReadOnlyList<double>? weights = null)
    {
        if (desiredRetention is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(desiredRetention), "Desired retention must lie between 0 and 1.");
        w = [.. weights ?? DefaultWeights];
        if (w.Length != 21)
            throw new ArgumentException("FSRS-6 takes exactly 21 weights.", nameof(weights));
        DesiredRetention = desiredRetention;
        decay = -w[20];
        factor = Math.Pow(0.9, 1 / decay) - 1;
    }

    public double DesiredRetention { get; }

    /// <summary>The probability of recalling an item of stability <paramref name="stability"/> after <paramref name="elapsedDays"/>.</summary>
    public double Retrievability(double elapsedDays, double stability) =>
        Math.Pow(1 + factor * Math.Max(0, elapsedDays) / stability, decay);

    /// <summary>Whole days until recall falls to the desired retention: at least 1, at most 100 years.</summary>
    public int IntervalDays(double stability)
    {
        var days = stability / factor * (Math.Pow(DesiredRetention, 1 / decay) - 1);
        return (int)Math.Clamp(Math.Round(days, MidpointRounding.AwayFromZero), 1, MaximumIntervalDays);
    }

    /// <summary>
    /// Reviews an item: <paramref name="state"/> is null for the first answer ever (elapsed time is then ignored).
    /// Stability is updated from the difficulty before this review, as the reference implementation does.
    /// </summary>
    public FsrsReview Review(MemoryState? state, Grade grade, double elapsedDays)
    {
        if (state is not { } before)
        {
            var first = new MemoryState(
                Math.Clamp(w[(int)grade - 1], MinimumStability, MaximumInitialStability),
                ClampDifficulty(InitialDifficulty(grade)));
            return new FsrsReview(first, 1, IntervalDays(first.Stability));
        }

        var recall = Retrievability(elapsedDays, before.Stability);
        var stability = elapsedDays < 1
            ? SameDayStability(before.Stability, grade)
            : grade == Grade.Again
                ? LapseStability(before, recall)
                : RecallStability(before, recall, grade);
        var after = new MemoryState(Math.Max(stability, MinimumStability), NextDifficulty(before.Difficulty, grade));
        return new FsrsReview(after, recall, IntervalDays(after.Stability));
    }

    private double InitialDifficulty(Grade grade) => w[4] - Math.Exp(w[5] * ((int)grade - 1)) + 1;

    private double NextDifficulty(double difficulty, Grade grade)
    {
        var delta = -w[6] * ((int)grade - 3);
        var damped = difficulty + delta * (10 - difficulty) / 9;
        return ClampDifficulty(w[7] * InitialDifficulty(Grade.Easy) + (1 - w[7]) * damped);
    }

    private double RecallStability(MemoryState state, double recall, Grade grade)
    {
        var hardPenalty = grade == Grade.Hard ? w[15] : 1;
        var easyBonus = grade == Grade.Easy ? w[16] : 1;
        var growth = Math.Exp(w[8]) * (11 - state.Difficulty) * Math.Pow(state.Stability, -w[9])
            * (Math.Exp(w[10] * (1 - recall)) - 1) * hardPenalty * easyBonus;
        return state.Stability * (1 + growth);
    }

    private double LapseStability(MemoryState state, double recall)
    {
        var relearned = w[11] * Math.Pow(state.Difficulty, -w[12]) * (Math.Pow(state.Stability + 1, w[13]) - 1)
            * Math.Exp(w[14] * (1 - recall));
        return Math.Min(relearned, state.Stability / Math.Exp(w[17] * w[18]));
    }

    private double SameDayStability(double stability, Grade grade)
    {
        var multiplier = Math.Exp(w[17] * ((int)grade - 3 + w[18])) * Math.Pow(stability, -w[19]);
        if (grade >= Grade.Good)
            multiplier = Math.Max(multiplier, 1);
        return stability * multiplier;
    }

    private static double ClampDifficulty(double difficulty) => Math.Clamp(difficulty, 1, 10);
}
