from django.shortcuts import render


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else "You do not have permission to see this page."
    return render(request, "403.html", {"reason": reason}, status=403)
