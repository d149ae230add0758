import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    """Entry now lives in the watchlist app (watchlist 0001 takes over its table)."""

    dependencies = [
        ("reviews", "0001_initial"),
        ("watchlist", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Entry")],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="review",
            name="body",
            field=models.TextField(
                help_text="Plain text; blank lines separate paragraphs. 50 to 10,000 characters.",
                validators=[
                    django.core.validators.MinLengthValidator(50),
                    django.core.validators.MaxLengthValidator(10000),
                ],
                verbose_name="review",
            ),
        ),
    ]
