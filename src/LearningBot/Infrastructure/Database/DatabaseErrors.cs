using Npgsql;

namespace LearningBot.Infrastructure.Database;

/// <summary>Which database errors trying again can never fix.</summary>
internal static class DatabaseErrors
{
    /// <summary>
    /// True for a statement that fails the same way however often it runs: bad data (class 22, such as a NUL in text), a
    /// broken constraint (class 23, except a key or range a concurrent writer just took) or a mistake in the SQL or a missing
    /// privilege (class 42). Lost connections, deadlocks and a database starting up are worth another try.
    /// </summary>
    public static bool IsPermanent(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: var state })
                return state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("42", StringComparison.Ordinal)
                    || (state.StartsWith("23", StringComparison.Ordinal)
                        && state is not (PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ExclusionViolation));
        }
        return false;
    }
}
