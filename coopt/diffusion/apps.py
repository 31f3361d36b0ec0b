from django.apps import AppConfig


class DiffusionConfig(AppConfig):
    name = "coopt.diffusion"

    def ready(self) -> None:
        from coopt.taxonomy.signals import tag_merging, tag_references_counted

        from . import receivers

        tag_references_counted.connect(receivers.count_audiences, dispatch_uid="diffusion-count")
        tag_merging.connect(receivers.move_audiences, dispatch_uid="diffusion-merge")
