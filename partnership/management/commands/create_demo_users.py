import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnership.models import Council, Partnership, Role, SharedService, User

DEMO_USERS = [
    # username, role, council code, headed service slug, name
    ("officer.mbc", Role.OFFICER, "MBC", None, "Maya Officer (Maidstone)"),
    ("officer.sbc", Role.OFFICER, "SBC", None, "Sam Officer (Swale)"),
    ("officer.twbc", Role.OFFICER, "TWBC", None, "Tara Officer (Tunbridge Wells)"),
    ("head.ict", Role.HEAD_OF_SERVICE, None, "ict", "Hari Head (Mid Kent ICT)"),
    ("democratic.mbc", Role.DEMOCRATIC_SERVICES, "MBC", None, "Dee Democratic (Maidstone)"),
    ("board", Role.BOARD_MEMBER, None, None, "Bo Board (MKIP Board)"),
    ("admin.mkip", Role.PARTNERSHIP_ADMIN, None, None, "Pat Partnership (MKIP administrator)"),
    ("admin.sbc", Role.COUNCIL_ADMIN, "SBC", None, "Cal Council (Swale administrator)"),
    ("admin", Role.ADMINISTRATOR, None, None, "Ada Administrator"),
]
# The partnership each demo partnership administrator manages.
ADMINISTERED = {"admin.mkip": "mkip"}


class Command(BaseCommand):
    help = "Create or reset the demonstration users (never in production)."

    def handle(self, *args, **options):
        if not settings.DEMO_USERS:
            raise CommandError("Demo users are switched off here (DEMO_USERS=false, as production requires).")
        password = os.environ.get("DEMO_PASSWORD") or "mkip-demo"
        for username, role, council_code, service_slug, full_name in DEMO_USERS:
            first, _, last = full_name.partition(" ")
            user = User.objects.filter(username=username).first() or User(username=username)
            user.first_name, user.last_name = first, last
            user.role = role
            user.council = Council.objects.get(code=council_code) if council_code else None
            user.headed_service = SharedService.objects.get(slug=service_slug) if service_slug else None
            managed = ADMINISTERED.get(username)
            user.administered_partnership = Partnership.objects.get(slug=managed) if managed else None
            user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
            user.is_active = True
            user.set_password(password)
            user.full_clean(exclude=["password"])
            user.save()
        self.stdout.write("Demo users (password from DEMO_PASSWORD, default mkip-demo):")
        for username, role, council_code, service_slug, _ in DEMO_USERS:
            where = council_code or service_slug or ADMINISTERED.get(username) or "all councils"
            self.stdout.write(f"  {username:<16} {Role(role).label} ({where})")
