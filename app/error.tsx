"use client";

import { ArrowLeft, RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { TechnicalDetails } from "@/components/ui/error-text";
import { StatusLink, StatusPage } from "@/components/shell/status-page";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      code="500"
      title="Something went wrong on our side"
      actions={
        <>
          <Button onClick={reset}>
            <RotateCw aria-hidden="true" className="size-4" />
            Try again
          </Button>
          <StatusLink href="/projects">
            <ArrowLeft aria-hidden="true" className="size-4" />
            Back to your projects
          </StatusLink>
        </>
      }
    >
      <p>T-Minus could not show this page. Nothing you did caused it. Try again; if it keeps failing, tell your T-Minus admin and give them the reference below.</p>
      <div className="mt-3 inline-block text-left">
        <TechnicalDetails code={error.digest ? `digest ${error.digest}` : "no reference"} />
      </div>
    </StatusPage>
  );
}
