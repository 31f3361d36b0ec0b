"""The pages that show jobs: the member's job board and job page (with why each job suits
them), the public job page with its apply form, and members' tracked share links.

They draw on jobs, diffusion (matching), referrals (applications, consent wording) and
gamification (points for a shared link), so they sit on top, beside the back office.
Their URL names keep the ``jobs`` namespace.
"""
