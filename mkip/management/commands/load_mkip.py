import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from mkip.history import How, recording

# Each app's loader, in dependency order, with the fixture file it reads.
LOADERS = [
    ("partnership.seed.load", "partnership.json"),
    ("finance.seed.load", "finance.json"),
    ("staffing.seed.load", "staffing.json"),
    ("governance.seed.load", "governance.json"),
    ("governance.seed.load_benefits", "governance.json"),
    ("governance.seed.load_forward_plan", "forward_plan.json"),
    ("finance.seed.load_baselines", "finance.json"),
]


class Command(BaseCommand):
    help = "Load the MKIP facts from the seed documents (safe to run more than once)."

    def handle(self, *args, **options):
        fixtures = settings.BASE_DIR / "fixtures" / "mkip"
        with transaction.atomic(), recording(how=How.SEED):
            for loader_path, filename in LOADERS:
                data = json.loads((fixtures / filename).read_text(encoding="utf-8"))
                loaded = import_string(loader_path)(data)
                summary = ", ".join(f"{len(rows)} {name}" for name, rows in loaded.items())
                self.stdout.write(f"Loaded {filename}: {summary}")
