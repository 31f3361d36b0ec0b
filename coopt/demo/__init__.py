"""Demo data for `manage.py seed_demo`: two branded tenants built through the real services.

``brands`` holds the tenants and the demo sign-ins, ``people`` the members, ``acme_jobs_*``
the job offers, ``referrals`` the pipeline scenarios, ``globex`` the second tenant and
``seed`` puts it all together.
"""
