# Watchlist entries, reviews, votes and reports arrive with their issues.
